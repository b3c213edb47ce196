import { setMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { constantBackoff } from './backoff.js';
import { circuitBreaker } from './breaker/circuit-breaker.js';
import { consecutiveFailures } from './breaker/trip-strategy.js';
import { resilience } from './builder.js';
import { bulkhead } from './bulkhead.js';
import { BrokenCircuitError, TimeoutError } from './errors.js';
import type { ResilienceEvent } from './events.js';
import { pipeline } from './policy.js';
import { retry } from './retry.js';
import { timeout } from './timeout.js';

/** Counts abort listeners added and never removed on signals that have not aborted (a fired `once` listener is gone). */
function trackAbortListeners(): { live: () => number; restore: () => void } {
  const original = AbortSignal.prototype.addEventListener;
  const originalRemove = AbortSignal.prototype.removeEventListener;
  const live = new Map<unknown, AbortSignal>();
  AbortSignal.prototype.addEventListener = function (this: AbortSignal, type: string, listener: unknown, options?: unknown) {
    if (type === 'abort') live.set(listener, this);
    return original.call(this, type, listener as never, options as never);
  } as typeof original;
  AbortSignal.prototype.removeEventListener = function (this: AbortSignal, type: string, listener: unknown, options?: unknown) {
    live.delete(listener);
    return originalRemove.call(this, type, listener as never, options as never);
  } as typeof originalRemove;
  return {
    live: () => [...live.values()].filter((signal) => !signal.aborted).length,
    restore: () => {
      AbortSignal.prototype.addEventListener = original;
      AbortSignal.prototype.removeEventListener = originalRemove;
    },
  };
}

describe('pipeline', () => {
  it('runs the layers outermost first and reports every layer’s events', async () => {
    const runtime = new ManualRuntime();
    const events: ResilienceEvent[] = [];
    const policy = resilience({ runtime })
      .retry({ maxAttempts: 3, backoff: constantBackoff(10) })
      .circuitBreaker({ trip: consecutiveFailures(2), openMs: 1_000 })
      .timeout({ timeoutMs: 50 })
      .bulkhead({ limit: 1 })
      .build();
    policy.onEvent((event) => events.push(event));
    let attempts = 0;
    const call = policy.execute(({ signal }) => {
      attempts++;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }).catch((error: unknown) => error);
    await runtime.runAll();
    // Two timeouts trip the breaker; the third try is rejected by the open circuit.
    expect(await call).toBeInstanceOf(BrokenCircuitError);
    expect(attempts).toBe(2);
    expect(events.map((event) => event.type)).toEqual([
      'timeout', 'retry.scheduled', 'timeout', 'breaker.state', 'retry.scheduled', 'breaker.rejected', 'retry.stopped', 'execution',
    ]);
  });

  it("threads one signal into the function and keeps the caller's abort reason through every layer", async () => {
    const runtime = new ManualRuntime();
    const policy = pipeline(retry({ runtime }), circuitBreaker({ runtime }), timeout({ runtime, timeoutMs: 1_000 }), bulkhead({ runtime, limit: 1 }));
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const call = policy.execute(({ signal }) => {
      seen = signal;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }, { signal: controller.signal }).catch((error: unknown) => error);
    await runtime.advance(10);
    const reason = new Error('request cancelled by the client');
    controller.abort(reason);
    expect(await call).toBe(reason);
    expect(seen?.reason).toBe(reason);
    expect(runtime.pendingTimers).toBe(0);
  });

  it('an already aborted signal rejects without running anything', async () => {
    const policy = pipeline(retry(), timeout({ timeoutMs: 10 }));
    let ran = false;
    await expect(policy.execute(() => (ran = true), { signal: AbortSignal.abort('no') })).rejects.toBe('no');
    expect(ran).toBe(false);
  });

  it('the timeout reason reaches the function signal and the caller', async () => {
    const runtime = new ManualRuntime();
    const policy = pipeline(retry({ runtime, maxAttempts: 1 }), timeout({ runtime, timeoutMs: 20 }));
    let seen: AbortSignal | undefined;
    const call = policy.execute(({ signal }) => {
      seen = signal;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }).catch((error: unknown) => error);
    await runtime.advance(20);
    const error = await call;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(seen?.reason).toBe(error);
  });

  it('leaves no timers and no abort listeners after many calls through a full pipeline', async () => {
    const tracker = trackAbortListeners();
    try {
      const runtime = new ManualRuntime({ seed: 1 });
      const policy = pipeline(
        retry({ runtime, maxAttempts: 3, backoff: constantBackoff(1) }),
        circuitBreaker({ runtime, trip: consecutiveFailures(1_000) }),
        timeout({ runtime, timeoutMs: 50 }),
        bulkhead({ runtime, limit: 8, queue: 100 }),
      );
      const controller = new AbortController();
      setMaxListeners(1_000, controller.signal);
      for (let round = 0; round < 20; round++) {
        const calls = [];
        for (let i = 0; i < 50; i++) {
          const kind = (round * 50 + i) % 5;
          calls.push(policy.execute(async ({ signal }) => {
            if (kind === 0) return 'fast';
            if (kind === 1) throw new Error('flaky');
            await runtime.sleep(kind === 4 ? 80 : 10, signal); // kind 4 times out
            return 'slow';
          }, { signal: controller.signal }).catch(() => 'failed'));
        }
        await runtime.runAll();
        await Promise.all(calls);
      }
      expect(runtime.pendingTimers).toBe(0);
      expect(tracker.live()).toBe(0);
    } finally {
      tracker.restore();
    }
  });
});
