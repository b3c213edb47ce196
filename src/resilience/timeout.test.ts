import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { TimeoutError } from './errors.js';
import { pipeline } from './policy.js';
import { retry } from './retry.js';
import { timeout } from './timeout.js';
import { constantBackoff } from './backoff.js';

function never(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

describe('timeout', () => {
  it('cooperative: aborts the signal with a TimeoutError (outcome unknown) at the deadline', async () => {
    const runtime = new ManualRuntime();
    const policy = timeout({ runtime, timeoutMs: 100 });
    let seen: AbortSignal | undefined;
    const call = policy.execute(({ signal }) => {
      seen = signal;
      return never(signal);
    });
    const outcome = call.catch((error: unknown) => error);
    await runtime.advance(99);
    expect(seen?.aborted).toBe(false);
    await runtime.advance(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).outcome).toBe('unknown');
    expect((error as TimeoutError).code).toBe('TIMEOUT');
    expect(seen?.reason).toBe(error);
    expect(runtime.pendingTimers).toBe(0);
  });

  it('cooperative: a function that ignores the signal is waited for and its value returned', async () => {
    const runtime = new ManualRuntime();
    const policy = timeout({ runtime, timeoutMs: 10 });
    const call = policy.execute(() => runtime.sleep(50).then(() => 'late'));
    await runtime.advance(50);
    expect(await call).toBe('late');
  });

  it('aggressive: rejects at the deadline and lets the function run on', async () => {
    const runtime = new ManualRuntime();
    const policy = timeout({ runtime, timeoutMs: 10, strategy: 'aggressive' });
    let finished = false;
    const call = policy.execute(() => runtime.sleep(50).then(() => (finished = true)));
    const outcome = call.catch((error: unknown) => error);
    await runtime.advance(10);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(finished).toBe(false);
    await runtime.advance(40);
    expect(finished).toBe(true);
  });

  it('success before the deadline cancels the timer and allocates no signal unless read', async () => {
    const runtime = new ManualRuntime();
    const policy = timeout({ runtime, timeoutMs: 10 });
    expect(await policy.execute(() => 42)).toBe(42);
    expect(runtime.pendingTimers).toBe(0);
  });

  it('concurrent calls share one runtime timer', async () => {
    const runtime = new ManualRuntime();
    const policy = timeout({ runtime, timeoutMs: 100 });
    const calls = [];
    for (let i = 0; i < 5; i++) {
      calls.push(policy.execute(({ signal }) => never(signal)).catch((error: unknown) => error));
      await runtime.advance(10);
    }
    expect(runtime.pendingTimers).toBe(1);
    await runtime.advance(100);
    for (const call of calls) expect(await call).toBeInstanceOf(TimeoutError);
    expect(runtime.pendingTimers).toBe(0);
  });

  it('propagates the deadline: inner layers see the remaining budget, an inner timeout never extends it', async () => {
    const runtime = new ManualRuntime();
    const remaining: number[] = [];
    const policy = pipeline(timeout({ runtime, timeoutMs: 100 }), timeout({ runtime, timeoutMs: 1_000 }));
    await runtime.advance(5);
    const call = policy.execute(async (context) => {
      remaining.push(context.remainingMs());
      await runtime.sleep(30);
      remaining.push(context.remainingMs());
      return context.deadlineMs;
    });
    await runtime.advance(30);
    expect(await call).toBe(105);
    expect(remaining).toEqual([100, 70]);
  });

  it('a total timeout outside a retry stops the retries at the deadline', async () => {
    const runtime = new ManualRuntime();
    let attempts = 0;
    const policy = pipeline(
      timeout({ runtime, timeoutMs: 250 }),
      retry({ runtime, maxAttempts: 100, backoff: constantBackoff(100) }),
    );
    const call = policy.execute(() => {
      attempts++;
      throw new Error('down');
    }).catch((error: unknown) => error);
    await runtime.runAll();
    const error = await call;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('down');
    expect(attempts).toBe(3); // t=0, 100, 200; the next wait would pass t=250
    expect(runtime.pendingTimers).toBe(0);
  });

  it('a burst of calls is timed in batches: never early, at most precisionMs late', async () => {
    const runtime = new ManualRuntime();
    const policy = timeout({ runtime, timeoutMs: 100, precisionMs: 5 });
    expect(timeout({ timeoutMs: 100 }).precisionMs).toBe(1);
    expect(timeout({ timeoutMs: 60_000 }).precisionMs).toBe(10);
    const calls: Array<{ startedMs: number; outcome: Promise<number> }> = [];
    for (let i = 0; i < 40; i++) {
      const startedMs = runtime.clock.monotonicMs();
      calls.push({ startedMs, outcome: policy.execute(({ signal }) => never(signal)).catch(() => runtime.clock.monotonicMs()) });
      await runtime.advance(0.25);
    }
    await runtime.runAll();
    const lateness = await Promise.all(calls.map(async ({ startedMs, outcome }) => (await outcome) - startedMs - 100));
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lateness)).toBeLessThanOrEqual(5);
    expect(Math.max(...lateness)).toBeGreaterThan(0); // the later calls were batched
    expect(runtime.pendingTimers).toBe(0);
  });

  it('rejects bad options with a RangeError naming the option', () => {
    expect(() => timeout({ timeoutMs: 10, precisionMs: 0 })).toThrow(/precisionMs/);
    expect(() => timeout({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => timeout({ timeoutMs: 5, strategy: 'eager' as never })).toThrow(/strategy/);
  });
});

describe('timeout: a signal read after the call ended', () => {
  it('adds no listener to the caller signal', async () => {
    const runtime = new ManualRuntime();
    const policy = timeout({ runtime, timeoutMs: 100 });
    const controller = new AbortController();
    let added = 0;
    const original = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof original>) => {
      added++;
      original(...args);
    }) as typeof original;
    let context: { signal: AbortSignal } | undefined;
    await policy.execute((received) => {
      context = received;
      return 'done';
    }, { signal: controller.signal });
    expect(context?.signal.aborted).toBe(false);
    expect(added).toBe(0);
  });
});
