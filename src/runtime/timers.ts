/**
 * A scheduled callback that can be cancelled. Cancelling twice, or after the callback ran, is a no-op.
 *
 * @example
 * ```ts
 * const timer = runtime.setTimer(1_000, () => console.log('late'));
 * timer.cancel();
 * ```
 */
export interface TimerHandle {
  cancel(): void;
}

/** Options of {@link Timers.setTimer}. */
export interface TimerOptions {
  /**
   * Whether a pending timer keeps the process alive (Node's ref/unref). Default true. Set false
   * for housekeeping timers (an idle deadline, a refresh) that must not delay a clean exit.
   * Virtual-time runtimes ignore it.
   */
  readonly keepAlive?: boolean;
}

/**
 * Timers bound to a clock. In production they are Node's timers; under `ManualRuntime` and the
 * simulator they fire when virtual time is advanced.
 */
export interface Timers {
  /**
   * Calls `callback` once after `delayMs` milliseconds (0 or more).
   *
   * @example
   * ```ts
   * const handle = runtime.setTimer(50, () => breaker.halfOpen());
   * ```
   */
  setTimer(delayMs: number, callback: () => void, options?: TimerOptions): TimerHandle;
  /**
   * Resolves after `delayMs` milliseconds. If `signal` aborts first, rejects at once with the
   * signal's reason and frees the timer; an already aborted signal rejects without scheduling.
   *
   * @example
   * ```ts
   * await runtime.sleep(100, AbortSignal.timeout(50)); // rejects with a TimeoutError
   * ```
   */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
}

/** Throws a `RangeError` unless `delayMs` is a finite number ≥ 0. */
export function checkDelay(delayMs: number): void {
  if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(`Invalid delayMs: expected a finite number >= 0, received ${String(delayMs)}`);
  }
}

/** The reason an aborted signal carries, or a standard AbortError when it carries none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * `Timers.sleep` built on a `setTimer`: resolves after `delayMs`, or rejects at once with the
 * signal's reason when it aborts (freeing the timer); an already aborted signal rejects without
 * scheduling. What the virtual-time runtimes share.
 *
 * @example
 * ```ts
 * sleep = (delayMs, signal) => sleepOnTimer((ms, callback) => this.setTimer(ms, callback), delayMs, signal);
 * ```
 */
export function sleepOnTimer(setTimer: (delayMs: number, callback: () => void) => TimerHandle, delayMs: number, signal?: AbortSignal): Promise<void> {
  checkDelay(delayMs);
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      handle.cancel();
      reject(abortReason(signal as AbortSignal));
    };
    const handle = setTimer(delayMs, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
