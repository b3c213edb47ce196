import { numberOption, optionalFunction, optionalObjectWith, wrongType } from '../options.js';
import { type Backoff, decorrelatedJitterBackoff } from './backoff.js';
import { type Execution, sleepFor } from './context.js';
import type { RetryStopReason } from './events.js';
import { type Gate, throughGate } from './gate.js';
import { BasePolicy, type Next, type PolicyOptions } from './policy.js';
import { retryAfterMs } from './retry-after.js';
import type { RetryBudget } from './retry-budget.js';


/**
 * Default longest wait before a retry (`maxDelayMs`): one minute.
 *
 * @example
 * ```ts
 * retry({ maxDelayMs: DEFAULT_MAX_RETRY_DELAY_MS * 5 });
 * ```
 */
export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;
/**
 * Largest `maxDelayMs` accepted: 2^31 - 1 ms (about 24.8 days).
 *
 * @example
 * ```ts
 * retry({ maxDelayMs: MAX_RETRY_DELAY_MS });
 * ```
 */
export const MAX_RETRY_DELAY_MS = 2 ** 31 - 1;

/**
 * Options of {@link retry}.
 *
 * @example
 * ```ts
 * retry({ maxAttempts: 5, maxDurationMs: 10_000, shouldRetry: (error) => isTransient(error) });
 * ```
 */
export interface RetryOptions extends PolicyOptions {
  /** Most tries in all, the first included (1..1000). Default 3. */
  readonly maxAttempts?: number;
  /** Delay before each retry. Default `decorrelatedJitterBackoff({ initialMs: 100, maxMs: 10_000 })`. */
  readonly backoff?: Backoff;
  /** Most time from the first try to the start of the last retry, in ms. Default `Infinity` (an outer timeout's deadline still applies). */
  readonly maxDurationMs?: number;
  /** Which errors are worth another try. Default: every error (an abort never is). */
  readonly shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Which results are failures worth another try (e.g. an HTTP 503 response). Default: none. The last such result is returned when retries run out. */
  readonly shouldRetryResult?: (result: unknown, attempt: number) => boolean;
  /** A budget shared with other calls and policies that caps retries as a share of traffic. */
  readonly budget?: RetryBudget;
  /**
   * Longest wait before a retry, in ms (0..2^31-1). A wait beyond it — a backoff's, or one a server
   * asks for with `Retry-After` (a hostile one can ask for 30 days) — ends the retries (reason
   * `max-delay`) and the failure goes through. Default 60,000.
   */
  readonly maxDelayMs?: number;
  /** Honour the wait an error asks for (`Retry-After`, `retryAfterMs`): `true` (default), `false`, or your own reader. */
  readonly retryAfter?: boolean | ((error: unknown) => number | undefined);
}

/**
 * Tries again after failures, waiting a backoff between tries. Stops at `maxAttempts`, at
 * `maxDurationMs`, when the next wait would pass the call's deadline (an outer timeout), when a
 * shared {@link RetryBudget} is spent, or when the call is aborted; then the last failure (or the
 * last result) goes through unchanged.
 *
 * @example
 * ```ts
 * const policy = retry({
 *   maxAttempts: 4,
 *   shouldRetry: (error) => error.code === 'ECONNRESET',
 *   budget: retryBudget({ ratio: 0.1 }),
 * });
 * const body = await policy.execute(({ signal, attempt }) => get(`/orders?try=${attempt}`, { signal }));
 * ```
 */
export function retry(options: RetryOptions = {}): Retry {
  return new Retry(options);
}

/**
 * The policy that {@link retry} returns.
 *
 * @example
 * ```ts
 * const policy: Retry = retry({ maxAttempts: 2 });
 * policy.maxAttempts; // 2
 * ```
 */
export class Retry extends BasePolicy implements Gate {
  override readonly gate: Gate = this;
  /** @internal */
  readonly forks = false;
  readonly maxAttempts: number;
  readonly maxDurationMs: number;
  readonly maxDelayMs: number;
  private readonly backoff: Backoff;
  private readonly shouldRetry: ((error: unknown, attempt: number) => boolean) | undefined;
  private readonly shouldRetryResult: ((result: unknown, attempt: number) => boolean) | undefined;
  private readonly budget: RetryBudget | undefined;
  private readonly readRetryAfter: ((error: unknown) => number | undefined) | undefined;

  constructor(options: RetryOptions = {}) {
    super('retry', options);
    this.maxAttempts = numberOption('maxAttempts', options.maxAttempts, 3, { min: 1, max: 1000, integer: true });
    this.maxDurationMs = numberOption('maxDurationMs', options.maxDurationMs, Number.POSITIVE_INFINITY, { min: 0, infinity: true });
    this.maxDelayMs = numberOption('maxDelayMs', options.maxDelayMs, DEFAULT_MAX_RETRY_DELAY_MS, { min: 0, max: MAX_RETRY_DELAY_MS });
    this.backoff = optionalObjectWith('backoff', options.backoff, ['delayMs'], 'a Backoff (e.g. exponentialBackoff())') ?? decorrelatedJitterBackoff({ initialMs: 100, maxMs: 10_000 });
    this.shouldRetry = optionalFunction('shouldRetry', options.shouldRetry);
    this.shouldRetryResult = optionalFunction('shouldRetryResult', options.shouldRetryResult);
    this.budget = optionalObjectWith('budget', options.budget, ['recordRequest', 'tryRetry'], 'a RetryBudget (retryBudget())');
    const clock = this.runtime.clock;
    const reader = options.retryAfter ?? true;
    if (typeof reader !== 'boolean' && typeof reader !== 'function') throw wrongType('retryAfter', reader, 'true, false or a function');
    this.readRetryAfter = reader === true ? (error) => retryAfterMs(error, clock) : reader === false ? undefined : reader;
  }

  run(execution: Execution, next: Next): Promise<unknown> {
    return throughGate(this, this.enter(execution), execution, next);
  }

  /** @internal The first try needs no promise of the retry's own: only a failure does. */
  enter(execution: Execution): number {
    const clock = this.runtime.clock;
    this.budget?.recordRequest(clock);
    execution.attempt = 1;
    return this.maxDurationMs === Number.POSITIVE_INFINITY ? 0 : clock.monotonicMs();
  }

  /** @internal */
  exit(startedMs: unknown, execution: Execution, failed: boolean, outcome: unknown, rest: Next): Promise<unknown> | undefined {
    if (!failed && !this.retriesResult(outcome, execution.attempt)) return undefined;
    return this.retryAfterFailure(execution, rest, startedMs as number, failed, outcome);
  }

  /** Tries again after the first try failed (or returned a result worth retrying), for as long as the policy allows. */
  private async retryAfterFailure(execution: Execution, next: Next, startedMs: number, failed: boolean, outcome: unknown): Promise<unknown> {
    let previousDelayMs = 0;
    for (let attempt = 1; ; attempt++) {
      const delayMs = this.delayAfter(execution, attempt, previousDelayMs, failed, outcome, startedMs);
      if (delayMs === undefined) {
        if (failed) throw outcome;
        return outcome;
      }
      previousDelayMs = delayMs;
      if (this.events.active) this.events.emit({ type: 'retry.scheduled', policy: this.name, attempt: attempt + 1, delayMs, error: outcome });
      if (delayMs > 0) await sleepFor(execution, this.runtime, delayMs);
      else if (execution.aborted) throw execution.reason;
      execution.attempt = attempt + 1;
      try {
        outcome = await next(execution);
        failed = false;
        if (!this.retriesResult(outcome, attempt + 1)) return outcome;
      } catch (error) {
        outcome = error;
        failed = true;
      }
    }
  }

  private retriesResult(result: unknown, attempt: number): boolean {
    return this.shouldRetryResult !== undefined && this.shouldRetryResult(result, attempt);
  }

  /** The wait before the try after `attempt`, or `undefined` when there must be none. */
  private delayAfter(execution: Execution, attempt: number, previousDelayMs: number, failed: boolean, outcome: unknown, startedMs: number): number | undefined {
    if (!failed) return this.nextDelay(execution, attempt, previousDelayMs, undefined, startedMs);
    if (execution.aborted) return this.stop(attempt, 'aborted');
    if (this.shouldRetry !== undefined && !this.shouldRetry(outcome, attempt)) return undefined;
    return this.nextDelay(execution, attempt, previousDelayMs, outcome, startedMs);
  }

  /** The wait before the next try, or `undefined` when there must be no next try. */
  private nextDelay(execution: Execution, attempt: number, previousDelayMs: number, error: unknown, startedMs: number): number | undefined {
    if (attempt >= this.maxAttempts) return this.stop(attempt, 'attempts');
    let delayMs = this.backoff.delayMs(attempt, previousDelayMs, this.runtime.random);
    if (error !== undefined && this.readRetryAfter !== undefined) {
      const askedMs = this.readRetryAfter(error);
      if (askedMs !== undefined && askedMs > delayMs) delayMs = askedMs;
    }
    if (!(delayMs <= this.maxDelayMs)) return this.stop(attempt, 'max-delay'); // a 30-day Retry-After, or a backoff gone wild: give up, never retry early
    const nowMs = this.runtime.clock.monotonicMs();
    if (nowMs + delayMs >= execution.deadlineMs) return this.stop(attempt, 'deadline');
    if (nowMs + delayMs - startedMs > this.maxDurationMs) return this.stop(attempt, 'max-duration');
    if (this.budget !== undefined && !this.budget.tryRetry(this.runtime.clock)) return this.stop(attempt, 'budget');
    return delayMs;
  }

  private stop(attempts: number, reason: RetryStopReason): undefined {
    this.stopped(attempts, reason);
    return undefined;
  }

  private stopped(attempts: number, reason: RetryStopReason): void {
    if (this.events.active) this.events.emit({ type: 'retry.stopped', policy: this.name, attempts, reason });
  }
}
