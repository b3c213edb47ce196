import { invalidOption } from '../../errors.js';

/**
 * When a closed circuit should open. A strategy sees every counted call of the closed state and
 * answers "trip now?"; the breaker owns the states. One instance per breaker: do not share.
 *
 * @example
 * ```ts
 * // Open on the first failure of a payment call, whatever the traffic:
 * const firstFailure: TripStrategy = {
 *   needsTime: false,
 *   record: (failed) => failed,
 *   reset() {}, toJSON: () => null, restore() {},
 * };
 * circuitBreaker({ trip: firstFailure });
 * ```
 */
export interface TripStrategy {
  /** Whether `record` needs the current time (the breaker reads the clock only if some part needs it). */
  readonly needsTime: boolean;
  /** Records one call of the closed state; true means "open the circuit now". */
  record(failed: boolean, slow: boolean, nowMs: number): boolean;
  /** Forgets every call (on closing after a successful probe). */
  reset(): void;
  /** The counts, as JSON, to save with the breaker (times relative to `nowMs`). */
  toJSON(nowMs: number): unknown;
  /** Restores counts saved by `toJSON` (ignoring what it does not recognise). */
  restore(state: unknown, nowMs: number): void;
}

/**
 * Opens after `threshold` failures in a row; any success starts the count again. Simple and
 * predictable for low, steady traffic.
 *
 * @example
 * ```ts
 * circuitBreaker({ trip: consecutiveFailures(5) });
 * ```
 */
export function consecutiveFailures(threshold: number): TripStrategy {
  if (!Number.isSafeInteger(threshold) || threshold < 1) throw invalidOption('threshold', threshold, 'an integer >= 1');
  let failures = 0;
  return {
    needsTime: false,
    record(failed) {
      failures = failed ? failures + 1 : 0;
      return failures >= threshold;
    },
    reset() {
      failures = 0;
    },
    toJSON: () => ({ failures }),
    restore(state) {
      const saved = (state as { failures?: unknown } | null)?.failures;
      if (typeof saved === 'number' && saved >= 0) failures = Math.min(saved, threshold - 1);
    },
  };
}

/**
 * The thresholds shared by the window strategies.
 *
 * @example
 * ```ts
 * timeWindow({ windowMs: 10_000, failureRatio: 0.5, slowCallRatio: 0.9 }); // with circuitBreaker({ slowCallMs })
 * ```
 */
export interface RatioThresholds {
  /** Open when failures / calls reaches this, in (0, 1]. Default 0.5. */
  readonly failureRatio?: number;
  /** Open when slow calls / calls reaches this, in (0, 1] (slow: longer than the breaker's `slowCallMs`). Default: off. */
  readonly slowCallRatio?: number;
}

/** Checks the ratios and returns them with defaults (internal). */
export function ratios(options: RatioThresholds): { failureRatio: number; slowCallRatio: number } {
  const failureRatio = options.failureRatio ?? 0.5;
  const slowCallRatio = options.slowCallRatio ?? Number.POSITIVE_INFINITY;
  if (!(failureRatio > 0 && failureRatio <= 1)) throw invalidOption('failureRatio', options.failureRatio, 'a number in (0, 1]');
  if (slowCallRatio !== Number.POSITIVE_INFINITY && !(slowCallRatio > 0 && slowCallRatio <= 1)) throw invalidOption('slowCallRatio', options.slowCallRatio, 'a number in (0, 1]');
  return { failureRatio, slowCallRatio };
}
