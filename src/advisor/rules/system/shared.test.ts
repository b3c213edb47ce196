import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { serviceNames } from './shared.js';

describe('serviceNames', () => {
  it('collects declared services and every service named by entities, steps and calls, once each', () => {
    const spec = specOf({
      services: [{ name: 'a' }],
      entities: [{ service: 'b' }],
      workflows: [{ name: 'w', steps: [{ name: 's', service: 'c' }, { name: 't', service: 'a' }] }],
      calls: [{ from: 'd', to: 'b', latency: { p99Ms: 1 }, idempotent: true }],
    });
    expect(serviceNames(spec)).toEqual(['a', 'b', 'c', 'd']);
  });
});
