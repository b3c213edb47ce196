import { PacelcError, type PacelcErrorOptions } from '../errors.js';
import type { ExpectedVersion } from './types.js';

/**
 * An append whose expected version did not match the stream. Nothing was written (definite).
 *
 * @example
 * ```ts
 * try { await store.append('account-1', events, { expectedVersion: 3 }); }
 * catch (error) { if (error instanceof ConcurrencyError) console.log(error.actualVersion); }
 * ```
 */
export class ConcurrencyError extends PacelcError {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  /** The stream's version when the append was refused (0 = no stream). */
  readonly actualVersion: number;

  constructor(streamId: string, expectedVersion: ExpectedVersion, actualVersion: number, options: PacelcErrorOptions = {}) {
    super(
      'CONCURRENCY_CONFLICT',
      `Stream ${JSON.stringify(streamId)} is at version ${actualVersion}, expected ${typeof expectedVersion === 'number' ? `version ${expectedVersion}` : expectedVersion}`,
      { ...options, outcome: 'definite' },
    );
    this.streamId = streamId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/**
 * An event or stream name the store refuses: nothing was written. `code` says why:
 * `INVALID_STREAM_NAME`, `INVALID_EVENT`, `EVENT_TOO_LARGE`, `UNSERIALISABLE_EVENT`,
 * `DUPLICATE_EVENT_ID` (an id already stored with a different stream or position).
 *
 * @example
 * ```ts
 * await store.append('', events); // throws EventStoreInputError with code INVALID_STREAM_NAME
 * ```
 */
export class EventStoreInputError extends PacelcError {
  constructor(code: 'INVALID_STREAM_NAME' | 'INVALID_EVENT' | 'EVENT_TOO_LARGE' | 'UNSERIALISABLE_EVENT' | 'DUPLICATE_EVENT_ID', message: string, options: PacelcErrorOptions = {}) {
    super(code, message, { ...options, outcome: 'definite' });
  }
}

/**
 * The store was closed, or a subscription was stopped, before the operation completed.
 *
 * @example
 * ```ts
 * await store.close();
 * await store.append('a-1', events); // throws StoreClosedError
 * ```
 */
export class StoreClosedError extends PacelcError {
  constructor(what = 'event store') {
    super('STORE_CLOSED', `The ${what} is closed`, { outcome: 'definite' });
  }
}

/**
 * A wait (for a projection to catch up) that ran out of time.
 *
 * @example
 * ```ts
 * await subscription.waitForPosition(result, { timeoutMs: 5_000 }); // may throw WaitTimeoutError
 * ```
 */
export class WaitTimeoutError extends PacelcError {
  constructor(message: string) {
    super('WAIT_TIMEOUT', message, { outcome: 'definite' });
  }
}

/**
 * The database could not be reached or the connection broke mid-operation. `outcome` is
 * `'unknown'` when an append may have committed (retry it with the same event ids: appends are
 * idempotent by id).
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof StoreUnavailableError && error.outcome === 'unknown') retryWithSameIds(); }
 * ```
 */
export class StoreUnavailableError extends PacelcError {
  constructor(message: string, options: PacelcErrorOptions = {}) {
    super('STORE_UNAVAILABLE', message, options);
  }
}
