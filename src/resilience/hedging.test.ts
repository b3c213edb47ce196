import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { HedgeLostError } from './errors.js';
import { hedging } from './hedging.js';
import { retryBudget } from './retry-budget.js';

describe('hedging', () => {
  it('starts a second attempt after the delay; the first success wins and the loser is aborted', async () => {
    const runtime = new ManualRuntime();
    const policy = hedging({ runtime, delayMs: 50 });
    const signals: AbortSignal[] = [];
    const latencies = [200, 30];
    const call = policy.execute(({ signal }) => {
      signals.push(signal);
      const latencyMs = latencies[signals.length - 1] as number;
      return runtime.sleep(latencyMs, signal).then(() => `answered in ${latencyMs}`);
    });
    await runtime.advance(80);
    expect(await call).toBe('answered in 30');
    expect(signals).toHaveLength(2);
    expect(signals[0]?.reason).toBeInstanceOf(HedgeLostError);
    expect(runtime.pendingTimers).toBe(0);
  });

  it('a fast answer cancels the hedge timer and starts nothing else', async () => {
    const runtime = new ManualRuntime();
    const policy = hedging({ runtime, delayMs: 50 });
    let attempts = 0;
    const call = policy.execute(() => {
      attempts++;
      return runtime.sleep(10).then(() => 'fast');
    });
    await runtime.advance(10);
    expect(await call).toBe('fast');
    await runtime.runAll();
    expect(attempts).toBe(1);
    expect(runtime.pendingTimers).toBe(0);
  });

  it('on failure starts the next attempt at once; when all fail, rejects with the last error', async () => {
    const runtime = new ManualRuntime();
    const policy = hedging({ runtime, delayMs: 1_000, maxHedges: 2 });
    let attempts = 0;
    const call = policy.execute(() => {
      attempts++;
      return Promise.reject(new Error(`failure ${attempts}`));
    }).catch((error: unknown) => error);
    expect(((await call) as Error).message).toBe('failure 3');
    expect(runtime.pendingTimers).toBe(0);
  });

  it('adapts its delay to a percentile of observed latencies', async () => {
    const runtime = new ManualRuntime();
    const policy = hedging({ runtime, delayMs: 500, percentile: 0.9, sampleSize: 100 });
    for (let i = 0; i < 100; i++) {
      const latencyMs = i % 10 === 0 ? 80 : 10;
      const call = policy.execute(() => runtime.sleep(latencyMs));
      await runtime.advance(latencyMs);
      await call;
    }
    expect(policy.delayMs).toBe(80);
  });

  it('a budget bounds how many calls are hedged', async () => {
    const runtime = new ManualRuntime();
    const policy = hedging({ runtime, delayMs: 10, budget: retryBudget({ ratio: 0.1, minRetriesPerSecond: 0 }) });
    let attempts = 0;
    const calls = [];
    for (let i = 0; i < 50; i++) calls.push(policy.execute(() => {
      attempts++;
      return runtime.sleep(100);
    }));
    await runtime.runAll();
    await Promise.all(calls);
    expect(attempts).toBe(55);
  });

  it("the caller's abort reaches every attempt with its reason, and nothing is left running", async () => {
    const runtime = new ManualRuntime();
    const policy = hedging({ runtime, delayMs: 10, maxHedges: 2 });
    const signals: AbortSignal[] = [];
    const controller = new AbortController();
    const call = policy.execute(({ signal }) => {
      signals.push(signal);
      return runtime.sleep(1_000, signal);
    }, { signal: controller.signal }).catch((error: unknown) => error);
    await runtime.advance(25);
    expect(signals).toHaveLength(3);
    controller.abort('user cancelled');
    expect(await call).toBe('user cancelled');
    expect(signals.every((signal) => signal.reason === 'user cancelled')).toBe(true);
    expect(runtime.pendingTimers).toBe(0);
  });
  it('calls arriving fast share one timer: every hedge starts no earlier than the delay and at most precisionMs late', async () => {
    const runtime = new ManualRuntime();
    const policy = hedging({ runtime, delayMs: 50, precisionMs: 4 });
    const hedgeLagsMs: number[] = [];
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < 200; i++) {
      const startedMs = runtime.clock.monotonicMs();
      let attempt = 0;
      calls.push(policy.execute(({ signal }) => {
        attempt++;
        if (attempt === 2) hedgeLagsMs.push(runtime.clock.monotonicMs() - startedMs - 50);
        return runtime.sleep(attempt === 1 ? 500 : 10, signal).then(() => attempt);
      }));
      if (i % 20 === 19) await runtime.advance(1); // 20 calls per millisecond
    }
    await runtime.runAll();
    await Promise.all(calls);
    expect(hedgeLagsMs).toHaveLength(200);
    expect(Math.min(...hedgeLagsMs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...hedgeLagsMs)).toBeLessThanOrEqual(4);
    expect(Math.max(...hedgeLagsMs)).toBeGreaterThan(0); // batched: some delays were rounded up
    expect(runtime.pendingTimers).toBe(0);
  });
});
