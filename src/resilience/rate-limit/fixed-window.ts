import { checkPositive, type LocalLimiterOptions, LocalRateLimiter } from './rate-limiter.js';

/**
 * Options of {@link fixedWindow} and {@link slidingWindow}.
 *
 * @example
 * ```ts
 * fixedWindow({ limit: 1_000, windowMs: 3_600_000 }); // 1,000 an hour
 * ```
 */
export interface WindowLimiterOptions extends LocalLimiterOptions {
  /** Permits per window. */
  readonly limit: number;
  /** The window, in ms. */
  readonly windowMs: number;
}

interface Window {
  startMs: number;
  count: number;
}

/**
 * Fixed window: at most `limit` permits per aligned window of `windowMs`. The cheapest, and easy to
 * explain ("100 requests per minute"), but up to 2 × limit can pass around a window boundary;
 * use {@link slidingWindow} when that matters.
 *
 * @example
 * ```ts
 * const perMinute = fixedWindow({ limit: 100, windowMs: 60_000 });
 * ```
 */
export function fixedWindow(options: WindowLimiterOptions): LocalRateLimiter<Window> {
  const { limit, windowMs } = options;
  checkPositive('limit', limit);
  checkPositive('windowMs', windowMs);
  return new LocalRateLimiter<Window>(
    {
      initial: (nowMs) => ({ startMs: Math.floor(nowMs / windowMs) * windowMs, count: 0 }),
      take(window, permits, nowMs) {
        const startMs = Math.floor(nowMs / windowMs) * windowMs;
        if (startMs !== window.startMs) {
          window.startMs = startMs;
          window.count = 0;
        }
        if (window.count + permits <= limit) {
          window.count += permits;
          return { allowed: true, remaining: limit - window.count };
        }
        return { allowed: false, retryAfterMs: permits > limit ? Number.POSITIVE_INFINITY : Math.ceil(startMs + windowMs - nowMs) };
      },
    },
    options,
  );
}
