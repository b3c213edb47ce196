export type { ExecutionContext, ExecuteOptions, Operation } from './context.js';
export { Execution } from './context.js';
export { type Policy, type PolicyOptions, type Next, pipeline, Pipeline, BasePolicy, callOperation } from './policy.js';
export { resilience, PipelineBuilder } from './builder.js';
export { EventHub, type EventListener, type ResilienceEvent, type ResilienceEventType, type CircuitStateKind, type RetryStopReason } from './events.js';
export { BrokenCircuitError, IsolatedCircuitError, BulkheadRejectedError, type BulkheadRejection, RateLimitedError, TimeoutError, HedgeLostError } from './errors.js';
export { type Backoff, constantBackoff, exponentialBackoff, decorrelatedJitterBackoff, type Jitter, type ExponentialBackoffOptions, type DecorrelatedJitterOptions } from './backoff.js';
export { retry, Retry, DEFAULT_MAX_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS, type RetryOptions } from './retry.js';
export { retryBudget, RetryBudget, type RetryBudgetOptions } from './retry-budget.js';
export { retryAfterMs, parseRetryAfter } from './retry-after.js';
export { timeout, Timeout, type TimeoutOptions, type TimeoutStrategy } from './timeout.js';
export { bulkhead, Bulkhead, type BulkheadOptions } from './bulkhead.js';
export { fallback, Fallback, type FallbackOptions } from './fallback.js';
export { hedging, Hedging, type HedgingOptions } from './hedging.js';
export {
  circuitBreaker,
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitBreakerSnapshot,
  type CircuitState,
  type HalfOpenOptions,
  type SharedCircuitOptions,
} from './breaker/circuit-breaker.js';
export { type TripStrategy, consecutiveFailures, type RatioThresholds } from './breaker/trip-strategy.js';
export { countWindow, type CountWindowOptions } from './breaker/count-window.js';
export { timeWindow, type TimeWindowOptions } from './breaker/time-window.js';
export { type SharedCircuitStore, type SharedCircuitState, MemoryCircuitStore } from './breaker/shared-circuit.js';
export { type RateLimiter, type RateLimitDecision, type LocalLimiterOptions, LocalRateLimiter } from './rate-limit/rate-limiter.js';
export { tokenBucket, type TokenBucketOptions } from './rate-limit/token-bucket.js';
export { leakyBucket, type LeakyBucketOptions } from './rate-limit/leaky-bucket.js';
export { fixedWindow, type WindowLimiterOptions } from './rate-limit/fixed-window.js';
export { slidingWindow } from './rate-limit/sliding-window.js';
export { rateLimit, RateLimit, type RateLimitOptions } from './rate-limit/rate-limit-policy.js';
export { openTelemetry, Telemetry, type OpenTelemetryOptions, type MeterLike, type TracerLike, type SpanLike } from './telemetry/open-telemetry.js';
