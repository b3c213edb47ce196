import { describe, expect, it } from 'vitest';
import { callOf, specOf } from '../../testing/builders.js';
import { bulkheadFromLittlesLaw } from './bulkhead.js';

describe('call.bulkhead', () => {
  it("sizes the bulkhead by Little's law at the p99 with 2× headroom, no queue", () => {
    // 200 req/s × 0.25 s = 50 in flight; × 2 = 100.
    expect(bulkheadFromLittlesLaw.decide({ spec: specOf(), call: callOf({ latency: { p99Ms: 250 }, requestsPerSecond: 200 }) })?.choice).toEqual({ maxConcurrent: 100, maxQueue: 0 });
  });

  it('never below 2, and says when the rate is assumed', () => {
    const draft = bulkheadFromLittlesLaw.decide({ spec: specOf(), call: callOf({ latency: { p99Ms: 10 } }) });
    expect(draft?.choice.maxConcurrent).toBe(2);
    expect(draft?.why).toContain('assumed');
  });
});
