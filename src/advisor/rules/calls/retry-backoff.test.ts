import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callOf, specOf } from '../../testing/builders.js';
import { retryWithBackoff } from './retry-backoff.js';
import { attemptTimeoutMs, worstCaseMs } from './shared.js';

describe('call.retry-backoff', () => {
  it('three attempts with full jitter and a 10% retry budget when there is no deadline', () => {
    const draft = retryWithBackoff.decide({ spec: specOf(), call: callOf() });
    expect(draft?.choice).toMatchObject({ attempts: 3, budgetRatio: 0.1, backoff: { jitter: 'full' } });
  });

  it('fewer attempts when the budget cannot hold three', () => {
    expect(retryWithBackoff.decide({ spec: specOf(), call: callOf({ latency: { p50Ms: 80, p99Ms: 400 }, budgetMs: 2000 }) })?.choice.attempts).toBe(2);
    const one = retryWithBackoff.decide({ spec: specOf(), call: callOf({ latency: { p99Ms: 400 }, budgetMs: 500 }) });
    expect(one?.choice).toMatchObject({ attempts: 1, budgetRatio: 0 });
    expect(one?.summary).toContain('budget fits one attempt');
  });

  it('property: with a budget, the worst case of the chosen attempts fits it (or there is a single attempt)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 20_000 }), (p99Ms, budgetMs) => {
        const call = callOf({ latency: { p99Ms }, budgetMs });
        const policy = retryWithBackoff.decide({ spec: specOf(), call })?.choice;
        expect(policy).toBeDefined();
        if (policy === undefined) return;
        expect(policy.attempts).toBeGreaterThanOrEqual(1);
        expect(policy.attempts).toBeLessThanOrEqual(3);
        if (policy.attempts > 1) expect(worstCaseMs(policy.attempts, attemptTimeoutMs(call), policy.backoff)).toBeLessThanOrEqual(budgetMs);
      }),
    );
  });
});
