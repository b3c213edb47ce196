import { PacelcError } from '../errors.js';

/**
 * The circuit is open (or half-open with every probe slot taken): the call was rejected without
 * running. `retryAfterMs` says when the breaker will next let a call through.
 *
 * @example
 * ```ts
 * try { await breaker.execute(callInventory); }
 * catch (error) { if (error instanceof BrokenCircuitError) respond(503, { retryAfterMs: error.retryAfterMs }); }
 * ```
 */
export class BrokenCircuitError extends PacelcError {
  /** Milliseconds until the breaker lets a probe through (0 when a probe slot may free up any moment). */
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, message = `circuit open: retry in ${Math.ceil(retryAfterMs)} ms`, code = 'CIRCUIT_OPEN') {
    super(code, message, { outcome: 'definite' });
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The circuit was isolated by hand (`breaker.isolate()`): it stays open until `reset()`.
 *
 * @example
 * ```ts
 * breaker.isolate();
 * await breaker.execute(fn).catch((error) => error.code); // 'CIRCUIT_ISOLATED'
 * ```
 */
export class IsolatedCircuitError extends BrokenCircuitError {
  constructor() {
    super(Number.POSITIVE_INFINITY, 'circuit isolated by hand: it stays open until reset()', 'CIRCUIT_ISOLATED');
  }
}

/**
 * Why a bulkhead turned a call away.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof BulkheadRejectedError && error.reason === 'max-wait') metrics.increment('queue_timeouts'); }
 * ```
 */
export type BulkheadRejection = 'full' | 'max-wait';

/**
 * The bulkhead had no free slot and its queue was full (`reason: 'full'`), or the call waited in the
 * queue longer than `maxWaitMs` (`reason: 'max-wait'`). The call did not run.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof BulkheadRejectedError) respond(503); }
 * ```
 */
export class BulkheadRejectedError extends PacelcError {
  readonly reason: BulkheadRejection;
  readonly limit: number;
  readonly queueLimit: number;

  constructor(reason: BulkheadRejection, limit: number, queueLimit: number) {
    super(
      reason === 'full' ? 'BULKHEAD_FULL' : 'BULKHEAD_MAX_WAIT',
      reason === 'full'
        ? `bulkhead full: ${limit} running and ${queueLimit} queued`
        : `bulkhead: waited too long in the queue (${limit} running)`,
      { outcome: 'definite' },
    );
    this.reason = reason;
    this.limit = limit;
    this.queueLimit = queueLimit;
  }
}

/**
 * A rate limiter refused the call; `retryAfterMs` says when a permit will be available.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof RateLimitedError) response.setHeader('Retry-After', Math.ceil(error.retryAfterMs / 1000)); }
 * ```
 */
export class RateLimitedError extends PacelcError {
  readonly retryAfterMs: number;
  readonly key: string | undefined;

  constructor(retryAfterMs: number, key?: string) {
    super('RATE_LIMITED', `rate limited${key === undefined ? '' : ` (key ${JSON.stringify(key)})`}: retry in ${Math.ceil(retryAfterMs)} ms`, { outcome: 'definite' });
    this.retryAfterMs = retryAfterMs;
    this.key = key;
  }
}

/**
 * A timeout policy's deadline passed. The outcome is `unknown`: the operation may have taken
 * effect (it was running), so retry it only if it is idempotent.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof TimeoutError) log.warn(`gave up after ${error.timeoutMs} ms`); }
 * ```
 */
export class TimeoutError extends PacelcError {
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super('TIMEOUT', `operation timed out after ${timeoutMs} ms`, { outcome: 'unknown' });
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The abort reason given to the hedged attempts that lost the race: another attempt already succeeded.
 *
 * @example
 * ```ts
 * const run = async ({ signal }) => { await query({ signal }); }; // signal.reason instanceof HedgeLostError when another attempt won
 * ```
 */
export class HedgeLostError extends PacelcError {
  constructor() {
    super('HEDGE_LOST', 'another hedged attempt succeeded first', { outcome: 'unknown' });
  }
}
