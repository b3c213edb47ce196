import { describe, expect, it } from 'vitest';
import { callOf, specOf } from '../../testing/builders.js';
import { timeoutFromLatency } from './timeout.js';

describe('call.timeout', () => {
  it('times out at 1.5 × p99', () => {
    expect(timeoutFromLatency.decide({ spec: specOf(), call: callOf({ latency: { p99Ms: 200 } }) })?.choice).toEqual({ timeoutMs: 300 });
  });

  it('clips to a budget below the p99 and says more than 1% of calls will time out', () => {
    const draft = timeoutFromLatency.decide({ spec: specOf(), call: callOf({ latency: { p99Ms: 200 }, budgetMs: 150 }) });
    expect(draft?.choice.timeoutMs).toBe(150);
    expect(draft?.why).toContain('more than 1% of calls will time out');
  });
});
