import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { constantBackoff, exponentialBackoff } from './backoff.js';
import { RateLimitedError } from './errors.js';
import type { ResilienceEvent } from './events.js';
import { pipeline } from './policy.js';
import { retry } from './retry.js';
import { retryBudget } from './retry-budget.js';
import { timeout } from './timeout.js';

function failing(times: number, value = 'ok') {
  let calls = 0;
  const fn = (): string => {
    calls++;
    if (calls <= times) throw new Error(`failure ${calls}`);
    return value;
  };
  return { fn, calls: () => calls };
}

describe('retry', () => {
  it('retries until success, with the attempt number in the context', async () => {
    const runtime = new ManualRuntime();
    const attempts: number[] = [];
    const policy = retry({ runtime, maxAttempts: 5, backoff: constantBackoff(10) });
    const flaky = failing(2);
    const call = policy.execute(({ attempt }) => {
      attempts.push(attempt);
      return flaky.fn();
    });
    await runtime.runAll();
    expect(await call).toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
    expect(runtime.clock.monotonicMs()).toBe(20);
  });

  it('gives up after maxAttempts with the last error, unchanged', async () => {
    const runtime = new ManualRuntime();
    const events: ResilienceEvent[] = [];
    const policy = retry({ runtime, maxAttempts: 3, backoff: constantBackoff(1) });
    policy.onEvent((event) => events.push(event));
    const flaky = failing(10);
    const call = policy.execute(flaky.fn).catch((error: unknown) => error);
    await runtime.runAll();
    expect(((await call) as Error).message).toBe('failure 3');
    expect(flaky.calls()).toBe(3);
    expect(events.at(-2)).toEqual({ type: 'retry.stopped', policy: 'retry', attempts: 3, reason: 'attempts' });
    expect(events.at(-1)).toMatchObject({ type: 'execution', policy: 'retry', outcome: 'failure' });
  });

  it('does not retry errors the predicate rejects', async () => {
    const runtime = new ManualRuntime();
    const flaky = failing(10);
    const policy = retry({ runtime, shouldRetry: (error) => (error as Error).message !== 'failure 1' });
    await expect(policy.execute(flaky.fn)).rejects.toThrow('failure 1');
    expect(flaky.calls()).toBe(1);
  });

  it('retries results the result predicate rejects, returning the last one when attempts run out', async () => {
    const runtime = new ManualRuntime();
    let status = 500;
    const policy = retry({ runtime, maxAttempts: 3, backoff: constantBackoff(5), shouldRetryResult: (result) => (result as { status: number }).status >= 500 });
    const call = policy.execute(() => ({ status: status++ }));
    await runtime.runAll();
    expect(await call).toEqual({ status: 502 });
  });

  it('honours Retry-After (header seconds, or retryAfterMs on our errors) when longer than the backoff', async () => {
    const runtime = new ManualRuntime();
    const times: number[] = [];
    let n = 0;
    const policy = retry({ runtime, maxAttempts: 3, backoff: constantBackoff(10) });
    const call = policy.execute(() => {
      times.push(runtime.clock.monotonicMs());
      n++;
      if (n === 1) throw Object.assign(new Error('503'), { response: { headers: new Headers({ 'retry-after': '2' }) } });
      if (n === 2) throw new RateLimitedError(500);
      return 'done';
    });
    await runtime.runAll();
    expect(await call).toBe('done');
    expect(times).toEqual([0, 2_000, 2_500]);
  });

  it('stops when the next wait would pass maxDurationMs', async () => {
    const runtime = new ManualRuntime();
    const flaky = failing(100);
    const policy = retry({ runtime, maxAttempts: 100, backoff: constantBackoff(100), maxDurationMs: 350 });
    const call = policy.execute(flaky.fn).catch(() => 'gave up');
    await runtime.runAll();
    expect(await call).toBe('gave up');
    expect(flaky.calls()).toBe(4); // t = 0, 100, 200, 300
  });

  it('an abort during the backoff ends the wait at once with the abort reason', async () => {
    const runtime = new ManualRuntime();
    const controller = new AbortController();
    const flaky = failing(100);
    const policy = retry({ runtime, maxAttempts: 5, backoff: constantBackoff(1_000) });
    const call = policy.execute(flaky.fn, { signal: controller.signal }).catch((error: unknown) => error);
    await runtime.advance(10);
    const reason = new Error('shutting down');
    controller.abort(reason);
    expect(await call).toBe(reason);
    expect(flaky.calls()).toBe(1);
    expect(runtime.pendingTimers).toBe(0);
  });

  it('a shared retry budget stops a retry storm', async () => {
    const runtime = new ManualRuntime();
    const budget = retryBudget({ ratio: 0.1, minRetriesPerSecond: 0, windowMs: 10_000 });
    const policy = retry({ runtime, budget, maxAttempts: 3, backoff: constantBackoff(1) });
    let calls = 0;
    const results = [];
    for (let i = 0; i < 100; i++) {
      results.push(policy.execute(() => {
        calls++;
        throw new Error('down');
      }).catch(() => {}));
    }
    await runtime.runAll();
    await Promise.all(results);
    expect(calls).toBe(110); // 100 first tries + 10% retries, not 300
  });

  it('jittered backoffs stay within their bounds', () => {
    const runtime = new ManualRuntime({ seed: 9 });
    const full = exponentialBackoff({ initialMs: 100, maxMs: 1_000, jitter: 'full' });
    const equal = exponentialBackoff({ initialMs: 100, maxMs: 1_000, jitter: 'equal' });
    for (let retryNumber = 1; retryNumber < 10; retryNumber++) {
      const ceiling = Math.min(1_000, 100 * 2 ** (retryNumber - 1));
      const f = full.delayMs(retryNumber, 0, runtime.random);
      const e = equal.delayMs(retryNumber, 0, runtime.random);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(ceiling);
      expect(e).toBeGreaterThanOrEqual(ceiling / 2);
      expect(e).toBeLessThanOrEqual(ceiling);
    }
  });

  it('property: attempts never exceed maxAttempts, the budget or the deadline', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(0, 0.01, 0.05),
        fc.integer({ min: 50, max: 2_000 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 1_000 }),
        async (maxAttempts, calls, minRetriesPerSecond, deadlineMs, outcomes, seed) => {
          const runtime = new ManualRuntime({ seed });
          // One 100 s window covers the whole run, so the allowance is exact: 20% of first tries + the floor.
          const budget = retryBudget({ ratio: 0.2, minRetriesPerSecond, windowMs: 100_000, bucketCount: 1 });
          const policy = pipeline(timeout({ runtime, timeoutMs: deadlineMs }), retry({ runtime, maxAttempts, budget, backoff: exponentialBackoff({ initialMs: 10, maxMs: 500 }) }));
          let total = 0;
          let outcomeIndex = 0;
          const runs = [];
          for (let i = 0; i < calls; i++) {
            let attemptsOfThisCall = 0;
            const startedMs = runtime.clock.monotonicMs();
            runs.push(
              policy.execute(() => {
                attemptsOfThisCall++;
                total++;
                expect(attemptsOfThisCall).toBeLessThanOrEqual(maxAttempts);
                expect(runtime.clock.monotonicMs() - startedMs).toBeLessThan(deadlineMs);
                if (outcomes[outcomeIndex++ % outcomes.length]) return 'ok';
                throw new Error('no');
              }).catch(() => {}),
            );
          }
          await runtime.runAll();
          await Promise.all(runs);
          expect(runtime.clock.monotonicMs()).toBeLessThan(100_000);
          expect(total - calls).toBeLessThanOrEqual(Math.floor(0.2 * calls + minRetriesPerSecond * 100));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects bad options', () => {
    expect(() => retry({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => exponentialBackoff({ jitter: 'some' as never })).toThrow(/jitter/);
    expect(() => retryBudget({ ratio: -1 })).toThrow(/ratio/);
  });
});
