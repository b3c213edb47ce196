/**
 * A source of time. Library code reads time only through a `Clock`, so that tests and the
 * simulator can run it on virtual time.
 *
 * @example
 * ```ts
 * import { systemRuntime } from 'pacelc/runtime';
 * const { clock } = systemRuntime();
 * const startedMs = clock.monotonicMs();
 * // ... work ...
 * const elapsedMs = clock.monotonicMs() - startedMs;
 * ```
 */
export interface Clock {
  /** Wall-clock time in milliseconds since the Unix epoch. It may jump (NTP, skew): never use it to measure durations. */
  nowMs(): number;
  /** Monotonic time in milliseconds from an arbitrary origin. It never goes backwards: use it for durations and deadlines. */
  monotonicMs(): number;
}
