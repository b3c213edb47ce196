import { invalidOption } from '../../errors.js';
import { checkOptionsObject, numberOption, oneOf, optionalObjectWith, optionalString, requiredObjectWith, runtimeOption, wrongType } from '../../options.js';
import type { Runtime } from '../../runtime/index.js';
import { EventHub, type EventListener } from '../events.js';
import { fixedWindow } from '../rate-limit/fixed-window.js';
import { leakyBucket } from '../rate-limit/leaky-bucket.js';
import type { RateLimitDecision, RateLimiter } from '../rate-limit/rate-limiter.js';
import { slidingWindow } from '../rate-limit/sliding-window.js';
import { tokenBucket } from '../rate-limit/token-bucket.js';
import { withDeadline } from '../with-deadline.js';
import { fixedWindowScript, leakyBucketScript, type LuaScript, type RedisScriptClient, slidingWindowScript, tokenBucketScript } from './scripts.js';

/**
 * The algorithm of a {@link RedisRateLimiter}, with the same parameters as the local limiters.
 *
 * @example
 * ```ts
 * const algorithm: RedisRateAlgorithm = { kind: 'sliding-window', limit: 100, windowMs: 60_000 };
 * ```
 */
export type RedisRateAlgorithm =
  | { readonly kind: 'token-bucket'; readonly capacity: number; readonly refillPerSecond: number }
  | { readonly kind: 'leaky-bucket'; readonly ratePerSecond: number; readonly burst?: number }
  | { readonly kind: 'fixed-window'; readonly limit: number; readonly windowMs: number }
  | { readonly kind: 'sliding-window'; readonly limit: number; readonly windowMs: number };

/**
 * Options of {@link RedisRateLimiter}.
 *
 * @example
 * ```ts
 * new RedisRateLimiter({ redis, algorithm: { kind: 'fixed-window', limit: 10, windowMs: 1_000 }, prefix: 'api:', timeoutMs: 25 });
 * ```
 */
export interface RedisRateLimiterOptions {
  /** An ioredis `Redis` or `Cluster` (or anything with `eval` / `evalsha`). */
  readonly redis: RedisScriptClient;
  readonly algorithm: RedisRateAlgorithm;
  /** Key prefix. Default `pacelc:rate:`. */
  readonly prefix?: string;
  /**
   * The limiter used while Redis is unreachable. Default: the same algorithm in memory with the
   * same limits (so each instance allows the full rate on its own: pass a smaller one, e.g.
   * limit ÷ instances, if an outage must not multiply the allowance).
   */
  readonly insurance?: RateLimiter;
  /** Longest wait for Redis before answering from the insurance limiter, in ms. Default 100. */
  readonly timeoutMs?: number;
  /** After a Redis failure, how long to use only the insurance limiter before trying Redis again, in ms. Default 1,000. */
  readonly retryRedisAfterMs?: number;
  readonly runtime?: Runtime;
}

/**
 * A distributed rate limiter: one atomic Lua script per decision on Redis's clock, so every
 * instance shares one allowance per key. When Redis fails or answers slower than `timeoutMs`, the
 * decision comes from an in-memory insurance limiter and Redis is left alone for
 * `retryRedisAfterMs`: no call ever fails because Redis did (rate-limiter-flexible's insurance
 * strategy). Emits `rate-limit.insurance` events when it switches.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * const limiter = new RedisRateLimiter({ redis: new Redis(), algorithm: { kind: 'token-bucket', capacity: 100, refillPerSecond: 50 } });
 * const decision = await limiter.tryAcquire(`tenant:${tenantId}`);
 * ```
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: RedisScriptClient;
  private readonly prefix: string;
  private readonly script: LuaScript;
  private readonly args: ReadonlyArray<number>;
  private readonly insurance: RateLimiter;
  private readonly timeoutMs: number;
  private readonly retryRedisAfterMs: number;
  private readonly runtime: Runtime;
  private readonly events = new EventHub();
  private redisDownUntilMs = Number.NEGATIVE_INFINITY;
  private onInsurance = false;
  private burst = 0;

  constructor(options: RedisRateLimiterOptions) {
    checkOptionsObject('RedisRateLimiter', options ?? null);
    this.redis = requiredObjectWith('redis', options.redis, ['evalsha', 'eval'], 'an ioredis client');
    this.prefix = optionalString('prefix', options.prefix, true) ?? 'pacelc:rate:';
    this.runtime = runtimeOption(options.runtime);
    this.timeoutMs = numberOption('timeoutMs', options.timeoutMs, 100, { min: 0, exclusiveMin: true, max: 2 ** 31 - 1 });
    this.retryRedisAfterMs = numberOption('retryRedisAfterMs', options.retryRedisAfterMs, 1_000, { min: 0, max: 2 ** 31 - 1 });
    optionalObjectWith('insurance', options.insurance, ['tryAcquire'], 'a RateLimiter (tokenBucket(), ...)');
    const local = { runtime: this.runtime };
    const algorithm = options.algorithm;
    if (typeof algorithm !== 'object' || algorithm === null) throw wrongType('algorithm', algorithm, 'an algorithm ({ kind: "token-bucket", capacity, refillPerSecond }, ...)');
    if (oneOf('algorithm.kind', algorithm.kind, ['token-bucket', 'leaky-bucket', 'fixed-window', 'sliding-window']) === undefined) throw wrongType('algorithm.kind', algorithm.kind, '"token-bucket", "leaky-bucket", "fixed-window" or "sliding-window"');
    switch (algorithm.kind) {
      case 'token-bucket': {
        const fallback = tokenBucket({ ...local, capacity: algorithm.capacity, refillPerSecond: algorithm.refillPerSecond });
        this.insurance = options.insurance ?? fallback;
        this.script = tokenBucketScript;
        this.args = [algorithm.capacity, algorithm.refillPerSecond / 1000];
        break;
      }
      case 'leaky-bucket': {
        const burst = algorithm.burst ?? 1;
        const fallback = leakyBucket({ ...local, ratePerSecond: algorithm.ratePerSecond, burst });
        this.insurance = options.insurance ?? fallback;
        this.script = leakyBucketScript;
        const intervalMs = 1000 / algorithm.ratePerSecond;
        this.args = [intervalMs, burst * intervalMs];
        this.burst = burst;
        break;
      }
      case 'fixed-window':
        this.insurance = options.insurance ?? fixedWindow({ ...local, limit: algorithm.limit, windowMs: algorithm.windowMs });
        this.script = fixedWindowScript;
        this.args = [algorithm.limit, algorithm.windowMs];
        break;
      case 'sliding-window':
        this.insurance = options.insurance ?? slidingWindow({ ...local, limit: algorithm.limit, windowMs: algorithm.windowMs });
        this.script = slidingWindowScript;
        this.args = [algorithm.limit, algorithm.windowMs];
        break;
      default:
        throw invalidOption('algorithm.kind', (algorithm as { kind: unknown }).kind, '"token-bucket", "leaky-bucket", "fixed-window" or "sliding-window"');
    }
  }

  /** Whether decisions currently come from the insurance limiter. */
  get usingInsurance(): boolean {
    return this.onInsurance;
  }

  /** Subscribes to `rate-limit.insurance` events; returns the function that unsubscribes. */
  onEvent(listener: EventListener): () => void {
    return this.events.on(listener);
  }

  async tryAcquire(key = '', permits = 1): Promise<RateLimitDecision> {
    if (!(permits > 0) || !Number.isFinite(permits)) throw invalidOption('permits', permits, 'a finite number > 0');
    if (this.runtime.clock.monotonicMs() < this.redisDownUntilMs) return this.insurance.tryAcquire(key, permits);
    try {
      const args = this.script === leakyBucketScript ? [...this.args, permits, this.burst] : [...this.args, permits];
      const reply = (await withDeadline(this.script.run(this.redis, [this.prefix + key], args), this.timeoutMs, this.runtime)) as [number, number, number];
      if (this.onInsurance) this.switchTo(false, undefined);
      const [allowed, remaining, retryAfterMs] = reply.map(Number) as [number, number, number];
      return allowed === 1 ? { allowed: true, remaining } : { allowed: false, retryAfterMs: retryAfterMs < 0 ? Number.POSITIVE_INFINITY : retryAfterMs };
    } catch (error) {
      this.redisDownUntilMs = this.runtime.clock.monotonicMs() + this.retryRedisAfterMs;
      if (!this.onInsurance) this.switchTo(true, error);
      return this.insurance.tryAcquire(key, permits);
    }
  }

  private switchTo(insurance: boolean, error: unknown): void {
    this.onInsurance = insurance;
    if (this.events.active) this.events.emit({ type: 'rate-limit.insurance', policy: 'redis-rate-limiter', engaged: insurance, error });
  }
}
