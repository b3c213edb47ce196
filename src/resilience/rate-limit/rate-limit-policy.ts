import { optionalFunction, optionalObjectWith, wrongType } from '../../options.js';
import { invalidOption } from '../../errors.js';
import { type Execution, type ExecutionContext, sleepFor } from '../context.js';
import { RateLimitedError } from '../errors.js';
import { BasePolicy, type Next, type PolicyOptions } from '../policy.js';
import type { RateLimitDecision, RateLimiter } from './rate-limiter.js';

/**
 * Options of {@link rateLimit}.
 *
 * @example
 * ```ts
 * rateLimit({ limiter: tokenBucket({ capacity: 5, refillPerSecond: 1 }), key: () => currentUser.id, maxWaitMs: 1_000 });
 * ```
 */
export interface RateLimitOptions extends PolicyOptions {
  readonly limiter: RateLimiter;
  /** The key of a call (a user, a tenant, an API key). Default: one key for everything. */
  readonly key?: (context: ExecutionContext) => string;
  /** Permits a call takes. Default 1. */
  readonly permits?: number;
  /** Wait up to this long (ms, in total) for a permit instead of failing at once. Default 0. */
  readonly maxWaitMs?: number;
}

/**
 * Runs calls only as fast as a {@link RateLimiter} allows; otherwise waits (up to `maxWaitMs`, and
 * never past the call's deadline) or fails with a {@link RateLimitedError} that says when to retry.
 *
 * @example
 * ```ts
 * const outbound = rateLimit({ limiter: tokenBucket({ capacity: 10, refillPerSecond: 10 }), maxWaitMs: 500 });
 * await outbound.execute(() => partnerApi.send(order));
 * ```
 */
export function rateLimit(options: RateLimitOptions): RateLimit {
  return new RateLimit(options);
}

/**
 * The policy that {@link rateLimit} returns.
 *
 * @example
 * ```ts
 * const outbound: RateLimit = rateLimit({ limiter: fixedWindow({ limit: 100, windowMs: 60_000 }) });
 * await outbound.execute(() => send(email));
 * ```
 */
export class RateLimit extends BasePolicy {
  private readonly limiter: RateLimiter;
  private readonly key: ((context: ExecutionContext) => string) | undefined;
  private readonly permits: number;
  private readonly maxWaitMs: number;

  constructor(options: RateLimitOptions) {
    super('rate-limit', options);
    this.limiter = optionalObjectWith('limiter', options.limiter, ['tryAcquire'], 'a RateLimiter (e.g. tokenBucket())') as RateLimiter;
    if (this.limiter === undefined) throw wrongType('limiter', undefined, 'a RateLimiter (e.g. tokenBucket())');
    this.key = optionalFunction('key', options.key);
    this.permits = options.permits ?? 1;
    this.maxWaitMs = options.maxWaitMs ?? 0;
    if (!(this.permits > 0)) throw invalidOption('permits', options.permits, 'a number > 0');
    if (!(this.maxWaitMs >= 0)) throw invalidOption('maxWaitMs', options.maxWaitMs, 'a number >= 0');
  }

  run(execution: Execution, next: Next): Promise<unknown> {
    const key = this.key === undefined ? undefined : this.key(execution);
    const decision = this.limiter.tryAcquire(key, this.permits);
    if (!isPromise(decision) && decision.allowed) return next(execution);
    return this.slowPath(execution, next, key, decision);
  }

  private async slowPath(execution: Execution, next: Next, key: string | undefined, first: RateLimitDecision | Promise<RateLimitDecision>): Promise<unknown> {
    let decision = await first;
    let waitedMs = 0;
    // Bounded: each turn waits at least 1 ms and the total wait is capped by maxWaitMs.
    while (!decision.allowed) {
      const waitMs = Math.max(1, decision.retryAfterMs);
      if (waitedMs + waitMs > this.maxWaitMs || waitMs >= execution.remainingMs()) {
        if (this.events.active) this.events.emit({ type: 'rate-limit.rejected', policy: this.name, retryAfterMs: decision.retryAfterMs, key });
        throw new RateLimitedError(decision.retryAfterMs, key);
      }
      await sleepFor(execution, this.runtime, waitMs);
      waitedMs += waitMs;
      decision = await this.limiter.tryAcquire(key, this.permits);
    }
    return next(execution);
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}
