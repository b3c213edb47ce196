import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { meshDiscovery } from './mesh.js';

const services = (count: number, languages = 1) => Array.from({ length: count }, (_, index) => ({ name: `s${index}`, language: `l${index % languages}` }));

describe('discovery.service-mesh', () => {
  it('applies on Kubernetes with ten or more services, or three or more languages', () => {
    expect(meshDiscovery.decide(specOf({ system: { platform: 'kubernetes' }, services: services(10) }))?.choice).toBe('service-mesh');
    expect(meshDiscovery.decide(specOf({ system: { platform: 'kubernetes' }, services: services(4, 3) }))?.why).toContain('3 languages');
  });

  it('not off Kubernetes, nor for a few services in one language', () => {
    expect(meshDiscovery.decide(specOf({ system: { platform: 'virtual-machines' }, services: services(12) }))).toBeUndefined();
    expect(meshDiscovery.decide(specOf({ system: { platform: 'kubernetes' }, services: services(4) }))).toBeUndefined();
  });
});
