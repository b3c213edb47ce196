// Every example of docs/resilience.md runs, on virtual time, and prints exactly what the guide shows.
import { expect, it } from 'vitest';
import { main as circuitBreaker } from './circuit-breaker.js';
import { main as retryBudget } from './retry-budget.js';
import { main as deadline } from './deadline.js';
import { main as bulkhead } from './bulkhead.js';
import { main as rateLimit } from './rate-limit.js';
import { main as hedging } from './hedging.js';
import { main as pipeline } from './pipeline.js';

it('circuit-breaker: prints the output shown in docs/resilience.md, the same every run', async () => {
  const expected = [
    "t=24.9s closed -> open (trip)",
    "t=30.0s open -> half-open (probe)",
    "t=30.3s half-open -> open (probe-failed)",
    "t=40.4s open -> half-open (probe)",
    "t=40.7s half-open -> open (probe-failed)",
    "t=60.8s open -> half-open (probe)",
    "t=61.1s half-open -> closed (recovered)",
    "calls: 400, succeeded: 196, failed at the dependency: 29, failed fast: 175",
    "calls that reached the dependency while it was down: 29"
  ];
  expect(await circuitBreaker()).toEqual(expected);
  expect(await circuitBreaker()).toEqual(expected);
});

it('retry-budget: prints the output shown in docs/resilience.md, the same every run', async () => {
  const expected = [
    "without a budget: 4000 requests for 1000 calls (4.00x load)",
    "with a 10% budget: 1110 requests for 1000 calls (1.11x load)"
  ];
  expect(await retryBudget()).toEqual(expected);
  expect(await retryBudget()).toEqual(expected);
});

it('deadline: prints the output shown in docs/resilience.md, the same every run', async () => {
  const expected = [
    "t=0ms attempt 1, 300 ms left",
    "t=400ms attempt 2, 300 ms left",
    "t=900ms attempt 3, 100 ms left",
    "t=1000ms retry stopped after 3 attempts: aborted",
    "t=1000ms result: TimeoutError (1000 ms, outcome unknown)"
  ];
  expect(await deadline()).toEqual(expected);
  expect(await deadline()).toEqual(expected);
});

it('bulkhead: prints the output shown in docs/resilience.md, the same every run', async () => {
  const expected = [
    "at t=0: running 4, queued 6, saturation 1.00",
    "served 10, latencies (ms): 100 100 100 100 200 200 200 200 300 300",
    "rejected: {\"BULKHEAD_FULL\":20}"
  ];
  expect(await bulkhead()).toEqual(expected);
  expect(await bulkhead()).toEqual(expected);
});

it('rate-limit: prints the output shown in docs/resilience.md, the same every run', async () => {
  const expected = [
    "admitted per 100 ms, t = 0.9s .. 2.0s:",
    "token bucket   10  1  1  1  1  1  1  1  1  1  1  total 20",
    "leaky bucket    2  1  1  1  1  1  1  1  1  1  1  total 12",
    "fixed window   10  2  2  2  2  2  0  0  0  0  0  total 20",
    "sliding window 10  0  1  1  1  1  1  1  1  1  1  total 19"
  ];
  expect(await rateLimit()).toEqual(expected);
  expect(await rateLimit()).toEqual(expected);
});

it('hedging: prints the output shown in docs/resilience.md, the same every run', async () => {
  const expected = [
    "without hedging: p50 10 ms, p99 1000 ms, 2000 requests",
    "with hedging:    p50 10 ms, p99 24 ms, 2110 requests"
  ];
  expect(await hedging()).toEqual(expected);
  expect(await hedging()).toEqual(expected);
});

it('pipeline: prints the output shown in docs/resilience.md, the same every run', async () => {
  const expected = [
    "t=   20ms call started at 0 ms -> live price",
    "t= 1200ms attempt timed out after 200 ms",
    "t= 1450ms attempt timed out after 200 ms",
    "t= 1700ms attempt timed out after 200 ms",
    "t= 1700ms call started at 1000 ms -> TimeoutError: operation timed out after 200 ms",
    "t= 2200ms attempt timed out after 200 ms",
    "t= 2200ms breaker closed -> open",
    "t= 2250ms fallback used",
    "t= 2250ms call started at 2000 ms -> cached price",
    "t= 2500ms fallback used",
    "t= 2500ms call started at 2500 ms -> cached price",
    "t= 4500ms breaker open -> half-open",
    "t= 4520ms breaker half-open -> closed",
    "t= 4520ms call started at 4500 ms -> live price"
  ];
  expect(await pipeline()).toEqual(expected);
  expect(await pipeline()).toEqual(expected);
});

it('the "change it" variants of docs/resilience.md print what the guide shows', async () => {
  expect(await circuitBreaker({ downUntilMs: 32_000 })).toEqual([
    't=24.9s closed -> open (trip)',
    't=30.0s open -> half-open (probe)',
    't=30.3s half-open -> open (probe-failed)',
    't=40.4s open -> half-open (probe)',
    't=40.7s half-open -> closed (recovered)',
    'calls: 400, succeeded: 298, failed at the dependency: 27, failed fast: 75',
    'calls that reached the dependency while it was down: 27',
  ]);
  const retried = await pipeline({ retryOpenCircuit: true });
  expect(retried.slice(7, 10)).toEqual(['t= 4200ms breaker open -> half-open', 't= 4220ms breaker half-open -> closed', 't= 4220ms call started at 2000 ms -> live price']);
  expect(await bulkhead({ queue: 0 })).toEqual(['at t=0: running 4, queued 0, saturation 1.00', 'served 4, latencies (ms): 100 100 100 100', 'rejected: {"BULKHEAD_FULL":26}']);
  expect(await deadline({ totalMs: 2_000 })).toEqual([
    't=0ms attempt 1, 300 ms left',
    't=400ms attempt 2, 300 ms left',
    't=900ms attempt 3, 300 ms left',
    't=1600ms attempt 4, 300 ms left',
    't=1900ms retry stopped after 4 attempts: deadline',
    't=1900ms result: TimeoutError (300 ms, outcome unknown)',
  ]);
});
