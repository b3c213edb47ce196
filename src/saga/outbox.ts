import type { BusMessage } from './message-bus.js';

/**
 * A message to send, written to the outbox in the same transaction as the business data. `id`
 * defaults to a random UUID.
 *
 * @example
 * ```ts
 * tx.enqueue({ subject: 'orders.placed', type: 'OrderPlaced', aggregateId: order.id, payload: order });
 * ```
 */
export interface OutgoingMessage {
  readonly id?: string;
  readonly subject: string;
  readonly type: string;
  readonly aggregateId: string;
  readonly payload: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A message waiting in the outbox; `sequence` is its commit order.
 *
 * @example
 * ```ts
 * for (const message of await outbox.pending(100)) console.log(message.sequence, message.id);
 * ```
 */
export interface OutboxMessage extends BusMessage {
  readonly sequence: number;
  readonly createdAtMs: number;
}

/**
 * What the relay reads from: the SQLite and PostgreSQL outboxes.
 *
 * @example
 * ```ts
 * const relay = new OutboxRelay({ outbox: sqliteOutbox, bus });
 * ```
 */
export interface OutboxSource {
  /** The oldest unsent messages, in sequence order. */
  pending(limit: number): Promise<OutboxMessage[]>;
  /** Marks messages as sent (idempotent). */
  markSent(sequences: readonly number[]): Promise<void>;
  /** How many messages are waiting. */
  unsentCount(): Promise<number>;
}

/**
 * What an inbox's `handle` returns: the effect ran (`processed`) or the message id had already
 * been processed by this consumer (`duplicate`, nothing ran).
 *
 * @example
 * ```ts
 * const outcome = inbox.handle('payments', message.id, (db) => charge(db, message));
 * if (outcome.status === 'duplicate') log('skipped a redelivery');
 * ```
 */
export type InboxOutcome<T> = { readonly status: 'processed'; readonly result: T } | { readonly status: 'duplicate' };
