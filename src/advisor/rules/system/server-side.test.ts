import { describe, expect, it } from 'vitest';
import { decideFirst } from '../../rule.js';
import { specOf } from '../../testing/builders.js';
import { discoveryRules } from './index.js';
import { serverSideDiscovery } from './server-side.js';

describe('discovery.server-side', () => {
  it('is the default, naming Kubernetes Services on Kubernetes', () => {
    expect(discoveryRules.at(-1)).toBe(serverSideDiscovery);
    expect(decideFirst(discoveryRules, specOf({ system: { platform: 'kubernetes' } })).summary).toContain('Kubernetes Services');
    expect(decideFirst(discoveryRules, specOf()).choice).toBe('server-side');
  });

  it('counts services in good English ("1 service")', () => {
    const one = decideFirst(discoveryRules, specOf({ services: [{ name: 'svc' }] }));
    expect(one.why).toMatch(/^1 service:/);
  });
});

