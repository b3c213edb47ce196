import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';
import { Random } from './random.js';
import type { Runtime } from './runtime.js';
import { abortReason, checkDelay, type TimerHandle, type TimerOptions } from './timers.js';

const systemClock: Clock = {
  nowMs: () => Date.now(),
  monotonicMs: () => performance.now(),
};

class SystemRuntime implements Runtime {
  readonly clock = systemClock;
  readonly random: Random;

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  setTimer(delayMs: number, callback: () => void, options?: TimerOptions): TimerHandle {
    checkDelay(delayMs);
    return chainedTimeout(delayMs, callback, options?.keepAlive !== false);
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    checkDelay(delayMs);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        timer.cancel();
        reject(abortReason(signal as AbortSignal));
      };
      const timer = chainedTimeout(
        delayMs,
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        true,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * Longest delay one Node timer can hold (2^31 - 1 ms, about 24.8 days); a longer one fires after
 * 1 ms with a `TimeoutOverflowWarning`.
 *
 * @example
 * ```ts
 * runtime.setTimer(30 * 86_400_000, fire); // chained: MAX_NODE_TIMER_MS, then the rest
 * ```
 */
export const MAX_NODE_TIMER_MS = 2 ** 31 - 1;

/**
 * A timer for any finite delay: delays beyond what one Node timer holds ({@link MAX_NODE_TIMER_MS})
 * are chained, each link re-armed for what remains by the monotonic clock. Internal; exported for
 * its test, which passes a small `chunkMs`.
 */
export function chainedTimeout(delayMs: number, callback: () => void, keepAlive: boolean, chunkMs = MAX_NODE_TIMER_MS): TimerHandle {
  let timeout: ReturnType<typeof setTimeout>;
  const dueMs = delayMs > chunkMs ? performance.now() + delayMs : 0;
  const arm = (remainingMs: number): void => {
    timeout = remainingMs > chunkMs ? setTimeout(() => arm(dueMs - performance.now()), chunkMs) : setTimeout(callback, Math.max(0, remainingMs));
    if (!keepAlive) timeout.unref();
  };
  arm(delayMs);
  return { cancel: () => clearTimeout(timeout) };
}

let shared: Runtime | undefined;

/**
 * The production runtime: the system clock, Node's timers, and a `Random` seeded from the
 * operating system. Shared by every component that is not given a runtime.
 *
 * @example
 * ```ts
 * import { systemRuntime } from 'pacelc/runtime';
 * const runtime = systemRuntime();
 * await runtime.sleep(10);
 * runtime.clock.nowMs(); // e.g. 1795500000000
 * ```
 */
export function systemRuntime(): Runtime {
  shared ??= createSystemRuntime();
  return shared;
}

/**
 * A new production runtime with its own `Random`; pass `seed` to make its chance reproducible
 * while time stays real.
 *
 * @example
 * ```ts
 * const runtime = createSystemRuntime({ seed: 7 });
 * runtime.random.int(10); // the same first value on every machine
 * ```
 */
export function createSystemRuntime(options: { readonly seed?: number } = {}): Runtime {
  return new SystemRuntime(options.seed ?? randomBytes(6).readUIntBE(0, 6));
}
