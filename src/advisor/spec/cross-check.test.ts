import { describe, expect, it } from 'vitest';
import { specOf } from '../testing/builders.js';
import { crossCheckSpec, regionName } from './cross-check.js';

describe('crossCheckSpec', () => {
  it('accepts a consistent spec', () => {
    expect(crossCheckSpec(specOf({ services: [{ name: 'svc' }] }))).toEqual([]);
  });

  it('finds duplicates, dangling names and impossible quorums', () => {
    const problems = crossCheckSpec(
      specOf({
        system: { regions: ['us-east-1', 'us-east-1'], latency: [{ between: ['us-east-1', 'us-east-1'], rttMs: 1 }] },
        services: [{ name: 'svc' }],
        entities: [{ name: 'a', replication: { kind: 'leaderless', n: 3, w: 2, r: 5 } }, { name: 'a', service: 'sv' }],
        calls: [{ from: 'svc', to: 'svc', latency: { p50Ms: 50, p99Ms: 10 }, idempotent: true }],
      }),
    );
    const messages = problems.map((problem) => problem.message);
    expect(messages).toContain('duplicate region name "us-east-1"; names must be unique');
    expect(messages).toContain('duplicate entity name "a"; names must be unique');
    expect(messages).toContain('a latency entry needs two different regions');
    expect(messages.some((message) => message.startsWith('r (5) cannot exceed n (3)'))).toBe(true);
    expect(problems.find((problem) => problem.message.startsWith('no service named "sv"'))?.suggestion).toBe('svc');
    expect(messages).toContain('p50Ms (50) cannot exceed p99Ms (10)');
  });

  it('names regions written either way', () => {
    expect(regionName('eu-west-1')).toBe('eu-west-1');
    expect(regionName({ name: 'dc-1', area: 'europe' })).toBe('dc-1');
  });
});
