import { invalidOption } from '../../errors.js';
import { systemRuntime, type Runtime } from '../../runtime/index.js';

/**
 * A rate limiter's answer: allowed (with what is left), or refused (with when to come back).
 *
 * @example
 * ```ts
 * const decision: RateLimitDecision = await limiter.tryAcquire(apiKey);
 * if (!decision.allowed) reply.status(429).header('retry-after', Math.ceil(decision.retryAfterMs / 1000));
 * ```
 */
export type RateLimitDecision =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Admits or refuses work by rate. Local limiters answer synchronously; distributed ones (Redis)
 * return a promise. All pass the same contract suite.
 *
 * @example
 * ```ts
 * const limiter: RateLimiter = tokenBucket({ capacity: 10, refillPerSecond: 5 });
 * const decision = await limiter.tryAcquire('user-42');
 * if (!decision.allowed) respond(429, { retryAfterMs: decision.retryAfterMs });
 * ```
 */
export interface RateLimiter {
  /** Takes `permits` (default 1) from `key`'s allowance (default key `''`) if they are available now. */
  tryAcquire(key?: string, permits?: number): RateLimitDecision | Promise<RateLimitDecision>;
}

/**
 * Options shared by the local limiters.
 *
 * @example
 * ```ts
 * tokenBucket({ capacity: 10, refillPerSecond: 1, runtime: new ManualRuntime(), maxKeys: 1_000 });
 * ```
 */
export interface LocalLimiterOptions {
  readonly runtime?: Runtime;
  /** Most keys tracked at once (1..10,000,000); the least recently used key is forgotten beyond it. Default 10,000. */
  readonly maxKeys?: number;
}

/** One algorithm's arithmetic on one key's state (internal). */
export interface RateAlgorithm<S> {
  initial(nowMs: number): S;
  take(state: S, permits: number, nowMs: number): RateLimitDecision;
}

/**
 * A local limiter: one algorithm, a state per key in a bounded map, time from the runtime's
 * monotonic clock (internal base of the four local limiters).
 *
 * @example
 * ```ts
 * const limiter: LocalRateLimiter<unknown> = slidingWindow({ limit: 10, windowMs: 1_000 });
 * limiter.keyCount; // keys tracked now
 * ```
 */
export class LocalRateLimiter<S> implements RateLimiter {
  private readonly states = new Map<string, S>();
  private readonly runtime: Runtime;
  private readonly maxKeys: number;

  constructor(private readonly algorithm: RateAlgorithm<S>, options: LocalLimiterOptions) {
    this.runtime = options.runtime ?? systemRuntime();
    this.maxKeys = options.maxKeys ?? 10_000;
    if (!Number.isSafeInteger(this.maxKeys) || this.maxKeys < 1 || this.maxKeys > 10_000_000) throw invalidOption('maxKeys', options.maxKeys, 'an integer in [1, 10000000]');
  }

  /** How many keys are tracked now. */
  get keyCount(): number {
    return this.states.size;
  }

  tryAcquire(key = '', permits = 1): RateLimitDecision {
    if (!(permits > 0) || !Number.isFinite(permits)) throw invalidOption('permits', permits, 'a finite number > 0');
    const nowMs = this.runtime.clock.monotonicMs();
    let state = this.states.get(key);
    if (state === undefined) {
      if (this.states.size >= this.maxKeys) this.states.delete(this.states.keys().next().value as string);
      state = this.algorithm.initial(nowMs);
      this.states.set(key, state);
    } else if (this.states.size > 1) {
      // Keep the map in least-recently-used order, so eviction forgets an idle key.
      this.states.delete(key);
      this.states.set(key, state);
    }
    return this.algorithm.take(state, permits, nowMs);
  }
}

/** Throws the RangeError for a rate option that must be a finite number > 0 (internal). */
export function checkPositive(option: string, value: unknown): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw invalidOption(option, value, 'a finite number > 0');
}
