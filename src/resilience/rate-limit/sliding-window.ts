import type { WindowLimiterOptions } from './fixed-window.js';
import { checkPositive, LocalRateLimiter } from './rate-limiter.js';

interface Counters {
  startMs: number;
  count: number;
  previousCount: number;
}

/**
 * Sliding window counter (as at Cloudflare): the count of the current window plus the previous
 * window's count weighted by how much of it still overlaps the last `windowMs`. Memory is two
 * counters per key, and it has no boundary burst of the fixed window; it assumes the previous
 * window's requests were evenly spread.
 *
 * @example
 * ```ts
 * const perMinute = slidingWindow({ limit: 100, windowMs: 60_000 });
 * ```
 */
export function slidingWindow(options: WindowLimiterOptions): LocalRateLimiter<Counters> {
  const { limit, windowMs } = options;
  checkPositive('limit', limit);
  checkPositive('windowMs', windowMs);
  return new LocalRateLimiter<Counters>(
    {
      initial: (nowMs) => ({ startMs: Math.floor(nowMs / windowMs) * windowMs, count: 0, previousCount: 0 }),
      take(counters, permits, nowMs) {
        const startMs = Math.floor(nowMs / windowMs) * windowMs;
        if (startMs !== counters.startMs) {
          counters.previousCount = startMs - counters.startMs === windowMs ? counters.count : 0;
          counters.count = 0;
          counters.startMs = startMs;
        }
        const elapsedMs = nowMs - startMs;
        const estimate = counters.previousCount * (1 - elapsedMs / windowMs) + counters.count;
        if (estimate + permits <= limit + 1e-9) {
          counters.count += permits;
          return { allowed: true, remaining: Math.max(0, Math.floor(limit - estimate - permits + 1e-9)) };
        }
        if (permits > limit) return { allowed: false, retryAfterMs: Number.POSITIVE_INFINITY };
        // Wait until the previous window's weight has decayed enough; if this window alone is too
        // full, until after it rolls over and its own weight has decayed enough.
        const room = limit - counters.count - permits;
        const waitMs =
          room >= 0
            ? windowMs * (1 - room / counters.previousCount) - elapsedMs
            : windowMs - elapsedMs + windowMs * (1 - (limit - permits) / counters.count);
        return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(waitMs)) };
      },
    },
    options,
  );
}
