import { PacelcError } from '../errors.js';

/**
 * A call over the simulated network got no answer in time: the request or the reply was lost,
 * cut by a partition, or the callee crashed. The outcome is unknown: the callee may have acted.
 *
 * @example
 * ```ts
 * try { await p.call('payment', 'charge', order); } catch (error) { if (error instanceof WorldTimeoutError) retryLater(); }
 * ```
 */
export class WorldTimeoutError extends PacelcError {
  constructor(target: string, method: string, timeoutMs: number) {
    super('WORLD_TIMEOUT', `${target}.${method} did not answer within ${timeoutMs} ms`, { outcome: 'unknown' });
  }
}

/**
 * The callee answered with an error: its handler threw. `remoteName` and `remoteCode` are the
 * thrown error's name and code, so a caller can tell "out of stock" from "unknown method".
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof RemoteError && error.remoteName === 'OutOfStockError') compensate(); }
 * ```
 */
export class RemoteError extends PacelcError {
  readonly remoteName: string;
  readonly remoteCode: string | undefined;
  constructor(target: string, method: string, remote: { readonly name: string; readonly message: string; readonly code?: string }) {
    super('WORLD_REMOTE_ERROR', `${target}.${method} failed: ${remote.name}: ${remote.message}`, { outcome: 'definite' });
    this.remoteName = remote.name;
    this.remoteCode = remote.code;
  }
}

/**
 * A transaction enqueued a message whose id is already in the outbox (a unique constraint, as in
 * the SQL outboxes): the whole transaction is rolled back.
 *
 * @example
 * ```ts
 * await db.transaction((tx) => tx.enqueue({ id: 'order-1:confirmed', ... })); // twice: throws
 * ```
 */
export class DuplicateOutboxMessageError extends PacelcError {
  constructor(id: string) {
    super('WORLD_DUPLICATE_OUTBOX_MESSAGE', `the outbox already holds a message with id ${JSON.stringify(id)}`, { outcome: 'definite' });
  }
}
