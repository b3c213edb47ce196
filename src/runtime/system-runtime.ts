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
    const timeout = setTimeout(callback, delayMs);
    if (options?.keepAlive === false) timeout.unref();
    return { cancel: () => clearTimeout(timeout) };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    checkDelay(delayMs);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timeout);
        reject(abortReason(signal as AbortSignal));
      };
      const timeout = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, delayMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
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
