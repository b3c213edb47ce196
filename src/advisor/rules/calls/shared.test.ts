import { describe, expect, it } from 'vitest';
import { callOf } from '../../testing/builders.js';
import { attemptTimeoutMs, backoffFor, callName, worstCaseMs } from './shared.js';

describe('call arithmetic', () => {
  it('timeout = 1.5 × p99 rounded up to 10 ms, never above the budget', () => {
    expect(attemptTimeoutMs(callOf({ latency: { p99Ms: 95 } }))).toBe(150);
    expect(attemptTimeoutMs(callOf({ latency: { p99Ms: 400 }, budgetMs: 300 }))).toBe(300);
  });

  it('backoff starts at the median (or p99/4) and is capped at ≥ 1 s', () => {
    expect(backoffFor(callOf({ latency: { p50Ms: 80, p99Ms: 400 } }))).toEqual({ kind: 'exponential', baseMs: 80, capMs: 1000, jitter: 'full' });
    expect(backoffFor(callOf({ latency: { p99Ms: 2000 } }))).toEqual({ kind: 'exponential', baseMs: 500, capMs: 4000, jitter: 'full' });
  });

  it('worst case = attempts × timeout + every backoff at its ceiling', () => {
    const backoff = { kind: 'exponential', baseMs: 100, capMs: 300, jitter: 'full' } as const;
    expect(worstCaseMs(1, 200, backoff)).toBe(200);
    expect(worstCaseMs(3, 200, backoff)).toBe(600 + 100 + 200);
    expect(worstCaseMs(4, 200, backoff)).toBe(800 + 100 + 200 + 300);
  });

  it('names a call for messages', () => {
    expect(callName(callOf({ from: 'orders', to: 'payments', operation: 'charge' }))).toBe('orders → payments (charge)');
  });
});
