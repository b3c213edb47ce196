import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { clientSideDiscovery } from './client-side.js';

describe('discovery.client-side', () => {
  it('applies on virtual machines with one language', () => {
    expect(clientSideDiscovery.decide(specOf({ system: { platform: 'virtual-machines' }, services: [{ name: 'a', language: 'java' }, { name: 'b', language: 'java' }] }))?.choice).toBe('client-side');
  });

  it('not with several languages, nor on other platforms', () => {
    expect(clientSideDiscovery.decide(specOf({ system: { platform: 'virtual-machines' }, services: [{ name: 'a', language: 'java' }, { name: 'b', language: 'go' }] }))).toBeUndefined();
    expect(clientSideDiscovery.decide(specOf({ system: { platform: 'kubernetes' } }))).toBeUndefined();
  });
});
