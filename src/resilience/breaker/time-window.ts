import { invalidOption } from '../../errors.js';
import { type RatioThresholds, ratios, type TripStrategy } from './trip-strategy.js';

/**
 * Options of {@link timeWindow}.
 *
 * @example
 * ```ts
 * timeWindow({ windowMs: 30_000, bucketCount: 30, minimumThroughput: 50, failureRatio: 0.25 });
 * ```
 */
export interface TimeWindowOptions extends RatioThresholds {
  /** The window the ratios are taken over, in ms. */
  readonly windowMs: number;
  /** How many buckets the window slides by (1..1,000). Default 10. */
  readonly bucketCount?: number;
  /** Fewest calls in the window before it may trip, so a quiet minute with 1 failure in 2 calls does not open it. Default 10. */
  readonly minimumThroughput?: number;
}

/**
 * Opens when the failure ratio (or the slow-call ratio) over the last `windowMs` reaches its
 * threshold, once the window holds at least `minimumThroughput` calls (Hystrix, resilience4j's
 * TIME_BASED window, Polly's advanced breaker). Counts live in `bucketCount` buckets, so memory is
 * fixed whatever the traffic.
 *
 * @example
 * ```ts
 * circuitBreaker({ trip: timeWindow({ windowMs: 10_000, minimumThroughput: 20, failureRatio: 0.5 }) });
 * ```
 */
export function timeWindow(options: TimeWindowOptions): TripStrategy {
  const { windowMs } = options;
  if (!(windowMs > 0) || !Number.isFinite(windowMs)) throw invalidOption('windowMs', windowMs, 'a finite number > 0');
  const bucketCount = options.bucketCount ?? 10;
  if (!Number.isSafeInteger(bucketCount) || bucketCount < 1 || bucketCount > 1000) throw invalidOption('bucketCount', bucketCount, 'an integer in [1, 1000]');
  const minimumThroughput = options.minimumThroughput ?? 10;
  if (!Number.isSafeInteger(minimumThroughput) || minimumThroughput < 1) throw invalidOption('minimumThroughput', minimumThroughput, 'an integer >= 1');
  const { failureRatio, slowCallRatio } = ratios(options);
  const bucketMs = windowMs / bucketCount;
  const starts = new Float64Array(bucketCount).fill(Number.NEGATIVE_INFINITY);
  const callCounts = new Float64Array(bucketCount);
  const failureCounts = new Float64Array(bucketCount);
  const slowCounts = new Float64Array(bucketCount);
  let calls = 0;
  let failures = 0;
  let slow = 0;
  const clear = (index: number, startMs: number): void => {
    calls -= callCounts[index] as number;
    failures -= failureCounts[index] as number;
    slow -= slowCounts[index] as number;
    callCounts[index] = failureCounts[index] = slowCounts[index] = 0;
    starts[index] = startMs;
  };
  /** Expires old buckets; returns the index of the bucket of `nowMs`. */
  const slide = (nowMs: number): number => {
    const bucket = Math.floor(nowMs / bucketMs);
    const index = bucket % bucketCount;
    const startMs = bucket * bucketMs;
    if (starts[index] !== startMs) {
      for (let i = 0; i < bucketCount; i++) if ((starts[i] as number) <= startMs - windowMs) clear(i, Number.NEGATIVE_INFINITY);
      clear(index, startMs);
    }
    return index;
  };
  const add = (index: number, callsAdded: number, failuresAdded: number, slowAdded: number): void => {
    callCounts[index] = (callCounts[index] as number) + callsAdded;
    failureCounts[index] = (failureCounts[index] as number) + failuresAdded;
    slowCounts[index] = (slowCounts[index] as number) + slowAdded;
    calls += callsAdded;
    failures += failuresAdded;
    slow += slowAdded;
  };
  return {
    needsTime: true,
    record(failed, isSlow, nowMs) {
      add(slide(nowMs), 1, failed ? 1 : 0, isSlow ? 1 : 0);
      return calls >= minimumThroughput && (failures >= failureRatio * calls || slow >= slowCallRatio * calls);
    },
    reset() {
      for (let i = 0; i < bucketCount; i++) clear(i, Number.NEGATIVE_INFINITY);
    },
    toJSON(nowMs) {
      slide(nowMs);
      const buckets: Array<{ ageMs: number; calls: number; failures: number; slow: number }> = [];
      for (let i = 0; i < bucketCount; i++) {
        if ((callCounts[i] as number) > 0) buckets.push({ ageMs: nowMs - (starts[i] as number), calls: callCounts[i] as number, failures: failureCounts[i] as number, slow: slowCounts[i] as number });
      }
      return { buckets };
    },
    restore(state, nowMs) {
      const buckets = (state as { buckets?: unknown } | null)?.buckets;
      if (!Array.isArray(buckets)) return;
      this.reset();
      for (const saved of buckets as Array<Record<string, unknown>>) {
        const { ageMs, calls: c, failures: f, slow: s } = saved;
        if (typeof ageMs !== 'number' || typeof c !== 'number' || typeof f !== 'number' || typeof s !== 'number' || ageMs >= windowMs) continue;
        add(slide(nowMs - ageMs), c, f, s);
      }
      slide(nowMs);
    },
  };
}
