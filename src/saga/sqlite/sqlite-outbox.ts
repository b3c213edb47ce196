import { randomUUID } from 'node:crypto';
import { runtimeOption } from '../../options.js';
import type { Database, Statement } from 'better-sqlite3';
import { sqlIdentifier } from '../../eventsourcing/validation.js';
import { assert } from '../../errors.js';
import { type Runtime, type RuntimeOptions } from '../../runtime/index.js';
import { checkPublishSubject } from '../message-bus.js';
import type { InboxOutcome, OutboxMessage, OutboxSource, OutgoingMessage } from '../outbox.js';
import { openSqliteDatabase, type SqliteDatabaseOptions } from './open-database.js';
import { migrateSqliteSaga } from './schema.js';

/**
 * Options of {@link SqliteOutbox}.
 *
 * @example
 * ```ts
 * new SqliteOutbox({ database, prefix: 'app_' });
 * ```
 */
export interface SqliteOutboxOptions extends SqliteDatabaseOptions, RuntimeOptions {}

/**
 * What a transaction's work receives: the database (write your business rows with it) and
 * `enqueue`, which adds a message to the outbox in the same transaction.
 *
 * @example
 * ```ts
 * outbox.transaction(({ database, enqueue }) => {
 *   database.prepare('INSERT INTO orders (id, total) VALUES (?, ?)').run(id, total);
 *   enqueue({ subject: 'orders.placed', type: 'OrderPlaced', aggregateId: id, payload: { id, total } });
 * });
 * ```
 */
export interface SqliteOutboxTransaction {
  readonly database: Database;
  enqueue(message: OutgoingMessage): string;
}

interface OutboxRow {
  sequence: number;
  id: string;
  aggregate_id: string;
  subject: string;
  type: string;
  payload: string;
  headers: string;
  created_at_ms: number;
}

/**
 * The transactional outbox on SQLite: business rows and outgoing messages commit together (one
 * `BEGIN IMMEDIATE` transaction), and an {@link OutboxRelay} publishes them afterwards.
 *
 * @example
 * ```ts
 * const outbox = new SqliteOutbox({ database });
 * outbox.transaction(({ database, enqueue }) => { saveOrder(database, order); enqueue(orderPlaced(order)); });
 * const relay = new OutboxRelay({ outbox, bus }); relay.start();
 * ```
 */
export class SqliteOutbox implements OutboxSource {
  readonly database: Database;
  private readonly owned: boolean;
  private readonly runtime: Runtime;
  private readonly statements: Record<'insert' | 'pending' | 'markSent' | 'unsent', Statement>;

  constructor(options: SqliteOutboxOptions) {
    const prefix = options.prefix === '' ? '' : sqlIdentifier('prefix', options.prefix ?? 'pacelc_');
    const { database, owned } = openSqliteDatabase(options);
    this.database = database;
    this.owned = owned;
    this.runtime = runtimeOption(options.runtime);
    migrateSqliteSaga(database, prefix, this.runtime.clock.nowMs());
    this.statements = {
      insert: database.prepare(`INSERT INTO ${prefix}outbox (id, aggregate_id, subject, type, payload, headers, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      pending: database.prepare(`SELECT sequence, id, aggregate_id, subject, type, payload, headers, created_at_ms FROM ${prefix}outbox WHERE sent_at_ms IS NULL ORDER BY sequence LIMIT ?`),
      markSent: database.prepare(`UPDATE ${prefix}outbox SET sent_at_ms = ? WHERE sequence = ? AND sent_at_ms IS NULL`),
      unsent: database.prepare(`SELECT count(*) AS n FROM ${prefix}outbox WHERE sent_at_ms IS NULL`),
    };
  }

  /** Runs `work` in one immediate transaction; messages it enqueues commit with its writes, or not at all. */
  transaction<T>(work: (transaction: SqliteOutboxTransaction) => T): T {
    const nowMs = this.runtime.clock.nowMs();
    return this.database
      .transaction(() => {
        const result = work({
          database: this.database,
          enqueue: (message) => {
            checkPublishSubject(message.subject);
            const id = message.id ?? randomUUID();
            this.statements.insert.run(id, message.aggregateId, message.subject, message.type, JSON.stringify(message.payload ?? null), JSON.stringify(message.headers ?? {}), nowMs);
            return id;
          },
        });
        assert(!(result instanceof Promise), 'SQLite outbox work must be synchronous (better-sqlite3 transactions cannot span an await)');
        return result;
      })
      .immediate();
  }

  async pending(limit: number): Promise<OutboxMessage[]> {
    return (this.statements.pending.all(limit) as OutboxRow[]).map((row) => ({
      sequence: row.sequence,
      id: row.id,
      aggregateId: row.aggregate_id,
      subject: row.subject,
      type: row.type,
      payload: JSON.parse(row.payload) as unknown,
      headers: JSON.parse(row.headers) as Record<string, string>,
      createdAtMs: row.created_at_ms,
    }));
  }

  async markSent(sequences: readonly number[]): Promise<void> {
    const nowMs = this.runtime.clock.nowMs();
    this.database
      .transaction(() => {
        for (const sequence of sequences) this.statements.markSent.run(nowMs, sequence);
      })
      .immediate();
  }

  async unsentCount(): Promise<number> {
    return (this.statements.unsent.get() as { n: number }).n;
  }

  /** Closes the database if the outbox opened it. */
  close(): void {
    if (this.owned) this.database.close();
  }
}

/**
 * Options of {@link SqliteInbox}.
 *
 * @example
 * ```ts
 * new SqliteInbox({ database });
 * ```
 */
export interface SqliteInboxOptions extends SqliteDatabaseOptions, RuntimeOptions {}

/**
 * The inbox on SQLite: a consumer's effects and the record that it processed a message id commit
 * in one transaction, so a redelivered message is recognised and skipped: exactly once in effect.
 *
 * @example
 * ```ts
 * const inbox = new SqliteInbox({ database });
 * await bus.subscribe({ consumer: 'payments', subjects: 'orders.placed', handle: (message) =>
 *   inbox.handle('payments', message.id, (database) => charge(database, message.payload)) });
 * ```
 */
export class SqliteInbox {
  readonly database: Database;
  private readonly owned: boolean;
  private readonly runtime: Runtime;
  private readonly record: Statement;

  constructor(options: SqliteInboxOptions) {
    const prefix = options.prefix === '' ? '' : sqlIdentifier('prefix', options.prefix ?? 'pacelc_');
    const { database, owned } = openSqliteDatabase(options);
    this.database = database;
    this.owned = owned;
    this.runtime = runtimeOption(options.runtime);
    migrateSqliteSaga(database, prefix, this.runtime.clock.nowMs());
    this.record = database.prepare(`INSERT INTO ${prefix}inbox (consumer, message_id, processed_at_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`);
  }

  /** Runs `work` unless `consumer` already processed `messageId`; both commit together. */
  handle<T>(consumer: string, messageId: string, work: (database: Database) => T): InboxOutcome<T> {
    return this.database
      .transaction((): InboxOutcome<T> => {
        if (this.record.run(consumer, messageId, this.runtime.clock.nowMs()).changes === 0) return { status: 'duplicate' };
        const result = work(this.database);
        assert(!(result instanceof Promise), 'SQLite inbox work must be synchronous (better-sqlite3 transactions cannot span an await)');
        return { status: 'processed', result };
      })
      .immediate();
  }

  /** Closes the database if the inbox opened it. */
  close(): void {
    if (this.owned) this.database.close();
  }
}
