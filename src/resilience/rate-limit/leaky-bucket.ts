import { invalidOption } from '../../errors.js';
import { checkPositive, type LocalLimiterOptions, LocalRateLimiter } from './rate-limiter.js';

/**
 * Options of {@link leakyBucket}.
 *
 * @example
 * ```ts
 * leakyBucket({ ratePerSecond: 50, burst: 10 });
 * ```
 */
export interface LeakyBucketOptions extends LocalLimiterOptions {
  /** The steady rate the bucket drains at, in permits per second. */
  readonly ratePerSecond: number;
  /** How many permits may arrive back to back before the rate applies (≥ 1). Default 1: perfectly smooth. */
  readonly burst?: number;
}

interface Meter {
  /** Theoretical arrival time of the next permit (GCRA). */
  tatMs: number;
}

/**
 * Leaky bucket as a meter (the Generic Cell Rate Algorithm): admits permits evenly spaced at
 * `ratePerSecond`, with at most `burst` back to back — smooth output, no bursts at window edges.
 * Used through {@link rateLimit} with `maxWaitMs`, refused calls wait their turn instead, which is
 * the leaky bucket as a queue.
 *
 * @example
 * ```ts
 * const smooth = leakyBucket({ ratePerSecond: 100, burst: 5 });
 * smooth.tryAcquire(); // allowed; the 6th call in the same millisecond is refused with retryAfterMs ≈ 10
 * ```
 */
export function leakyBucket(options: LeakyBucketOptions): LocalRateLimiter<Meter> {
  checkPositive('ratePerSecond', options.ratePerSecond);
  const burst = options.burst ?? 1;
  if (!(burst >= 1) || !Number.isFinite(burst)) throw invalidOption('burst', options.burst, 'a finite number >= 1');
  const intervalMs = 1000 / options.ratePerSecond;
  const toleranceMs = burst * intervalMs;
  return new LocalRateLimiter<Meter>(
    {
      initial: (nowMs) => ({ tatMs: nowMs }),
      take(meter, permits, nowMs) {
        const tatMs = Math.max(meter.tatMs, nowMs) + permits * intervalMs;
        const aheadMs = tatMs - nowMs;
        if (aheadMs > toleranceMs + 1e-9) {
          return { allowed: false, retryAfterMs: permits > burst ? Number.POSITIVE_INFINITY : Math.ceil(aheadMs - toleranceMs) };
        }
        meter.tatMs = tatMs;
        return { allowed: true, remaining: Math.floor((toleranceMs - aheadMs) / intervalMs + 1e-9) };
      },
    },
    options,
  );
}
