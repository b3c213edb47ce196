import { invalidOption } from '../../errors.js';
import { checkPositive, type LocalLimiterOptions, LocalRateLimiter } from './rate-limiter.js';

/**
 * Options of {@link tokenBucket}.
 *
 * @example
 * ```ts
 * tokenBucket({ capacity: 100, refillPerSecond: 10, initialTokens: 0, maxKeys: 100_000 });
 * ```
 */
export interface TokenBucketOptions extends LocalLimiterOptions {
  /** Most tokens the bucket holds: the largest burst. */
  readonly capacity: number;
  /** Tokens added per second, continuously: the sustained rate. */
  readonly refillPerSecond: number;
  /** Tokens in a new key's bucket. Default `capacity`. */
  readonly initialTokens?: number;
}

interface Bucket {
  tokens: number;
  lastMs: number;
}

/**
 * Token bucket: bursts up to `capacity`, `refillPerSecond` sustained. Over any window of W ms it
 * admits at most capacity + refillPerSecond × W / 1000 permits (a property test checks it).
 *
 * @example
 * ```ts
 * const perUser = tokenBucket({ capacity: 20, refillPerSecond: 5 });
 * perUser.tryAcquire('user-42'); // { allowed: true, remaining: 19 }
 * ```
 */
export function tokenBucket(options: TokenBucketOptions): LocalRateLimiter<Bucket> {
  const { capacity, refillPerSecond } = options;
  checkPositive('capacity', capacity);
  checkPositive('refillPerSecond', refillPerSecond);
  const initialTokens = options.initialTokens ?? capacity;
  if (!(initialTokens >= 0 && initialTokens <= capacity)) throw invalidOption('initialTokens', options.initialTokens, `a number in [0, ${capacity}]`);
  const perMs = refillPerSecond / 1000;
  return new LocalRateLimiter<Bucket>(
    {
      initial: (nowMs) => ({ tokens: initialTokens, lastMs: nowMs }),
      take(bucket, permits, nowMs) {
        if (nowMs > bucket.lastMs) {
          bucket.tokens = Math.min(capacity, bucket.tokens + (nowMs - bucket.lastMs) * perMs);
          bucket.lastMs = nowMs;
        }
        if (bucket.tokens >= permits) {
          bucket.tokens -= permits;
          return { allowed: true, remaining: Math.floor(bucket.tokens) };
        }
        return { allowed: false, retryAfterMs: permits > capacity ? Number.POSITIVE_INFINITY : Math.ceil((permits - bucket.tokens) / perMs) };
      },
    },
    options,
  );
}
