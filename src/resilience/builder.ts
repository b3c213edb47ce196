import type { Runtime } from '../runtime/index.js';
import { checkOptionsObject, runtimeOption } from '../options.js';
import { type CircuitBreakerOptions, circuitBreaker } from './breaker/circuit-breaker.js';
import { type BulkheadOptions, bulkhead } from './bulkhead.js';
import { type FallbackOptions, fallback } from './fallback.js';
import { type HedgingOptions, hedging } from './hedging.js';
import { Pipeline, type Policy, type PolicyOptions } from './policy.js';
import { type RateLimitOptions, rateLimit } from './rate-limit/rate-limit-policy.js';
import { type RetryOptions, retry } from './retry.js';
import { type TimeoutOptions, timeout } from './timeout.js';

type Without<T> = Omit<T, 'runtime'>;

/**
 * Builds a pipeline layer by layer, outermost first, handing every layer the same runtime.
 *
 * @example
 * ```ts
 * const policy = resilience({ runtime })
 *   .fallback({ fallback: () => cached })
 *   .retry({ maxAttempts: 3 })
 *   .circuitBreaker({ trip: consecutiveFailures(5) })
 *   .timeout({ timeoutMs: 500 })
 *   .bulkhead({ limit: 10, queue: 20 })
 *   .build();
 * ```
 */
export function resilience(options: PolicyOptions = {}): PipelineBuilder {
  return new PipelineBuilder(options);
}

/**
 * What {@link resilience} returns. Each method appends a layer inside the previous ones.
 *
 * @example
 * ```ts
 * const builder: PipelineBuilder = resilience({ runtime }).retry().timeout({ timeoutMs: 100 });
 * const policy = builder.build();
 * ```
 */
export class PipelineBuilder {
  private readonly layers: Policy[] = [];
  private readonly runtime: Runtime | undefined;

  constructor(private readonly options: PolicyOptions = {}) {
    checkOptionsObject('resilience', options);
    this.runtime = options.runtime === undefined ? undefined : runtimeOption(options.runtime);
  }

  fallback<R>(options: Without<FallbackOptions<R>>): this {
    return this.use(fallback({ ...options, ...this.inject() }));
  }

  retry(options: Without<RetryOptions> = {}): this {
    return this.use(retry({ ...options, ...this.inject() }));
  }

  circuitBreaker(options: Without<CircuitBreakerOptions> = {}): this {
    return this.use(circuitBreaker({ ...options, ...this.inject() }));
  }

  timeout(options: Without<TimeoutOptions>): this {
    return this.use(timeout({ ...options, ...this.inject() }));
  }

  bulkhead(options: Without<BulkheadOptions>): this {
    return this.use(bulkhead({ ...options, ...this.inject() }));
  }

  rateLimit(options: Without<RateLimitOptions>): this {
    return this.use(rateLimit({ ...options, ...this.inject() }));
  }

  hedging(options: Without<HedgingOptions> = {}): this {
    return this.use(hedging({ ...options, ...this.inject() }));
  }

  /** Appends a policy built elsewhere (e.g. one breaker shared by several pipelines). */
  use(policy: Policy): this {
    this.layers.push(policy);
    return this;
  }

  build(): Pipeline {
    return new Pipeline(this.layers, this.options);
  }

  private inject(): { runtime?: Runtime } {
    return this.runtime === undefined ? {} : { runtime: this.runtime };
  }
}
