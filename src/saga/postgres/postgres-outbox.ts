import { randomUUID } from 'node:crypto';
import { runtimeOption } from '../../options.js';
import type { ClientBase, Pool } from 'pg';
import { type Runtime, type RuntimeOptions } from '../../runtime/index.js';
import { checkPublishSubject } from '../message-bus.js';
import type { InboxOutcome, OutboxMessage, OutboxSource, OutgoingMessage } from '../outbox.js';
import { inTransaction, migratePostgresSaga, openPostgresPool, type PostgresDatabaseOptions } from './open-pool.js';

/**
 * Options of {@link PostgresOutbox} and {@link PostgresInbox}.
 *
 * @example
 * ```ts
 * await PostgresOutbox.create({ pool, schema: 'app' });
 * ```
 */
export interface PostgresOutboxOptions extends PostgresDatabaseOptions, RuntimeOptions {}

/**
 * What a transaction's work receives: the transaction's client (write your business rows with
 * it) and `enqueue`, which adds a message to the outbox in the same transaction.
 *
 * @example
 * ```ts
 * await outbox.transaction(async ({ client, enqueue }) => {
 *   await client.query('INSERT INTO app.orders (id, total) VALUES ($1, $2)', [id, total]);
 *   await enqueue({ subject: 'orders.placed', type: 'OrderPlaced', aggregateId: id, payload: { id, total } });
 * });
 * ```
 */
export interface PostgresOutboxTransaction {
  readonly client: ClientBase;
  enqueue(message: OutgoingMessage): Promise<string>;
}

/**
 * The transactional outbox on PostgreSQL: business rows and outgoing messages commit in one
 * transaction; an {@link OutboxRelay} publishes them afterwards.
 *
 * @example
 * ```ts
 * const outbox = await PostgresOutbox.create({ connectionString, schema: 'app' });
 * await outbox.transaction(async ({ client, enqueue }) => { await saveOrder(client, order); await enqueue(orderPlaced(order)); });
 * ```
 */
export class PostgresOutbox implements OutboxSource {
  readonly pool: Pool;
  readonly schema: string;
  private readonly owned: boolean;
  private readonly runtime: Runtime;

  /** Creates the outbox and runs the migrations. */
  static async create(options: PostgresOutboxOptions): Promise<PostgresOutbox> {
    return new PostgresOutbox(await openMigrated(options));
  }

  private constructor(opened: MigratedPool) {
    this.pool = opened.pool;
    this.owned = opened.owned;
    this.schema = opened.schema;
    this.runtime = opened.runtime;
  }

  /** Runs `work` in one transaction; messages it enqueues commit with its writes, or not at all. */
  transaction<T>(work: (transaction: PostgresOutboxTransaction) => Promise<T>): Promise<T> {
    const nowMs = this.runtime.clock.nowMs();
    return inTransaction(this.pool, (client) =>
      work({
        client,
        enqueue: async (message) => {
          checkPublishSubject(message.subject); // refused here, not by the broker at every relay attempt
          const id = message.id ?? randomUUID();
          await client.query(`INSERT INTO ${this.schema}.outbox (id, aggregate_id, subject, type, payload, headers, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
            id,
            message.aggregateId,
            message.subject,
            message.type,
            JSON.stringify(message.payload ?? null),
            JSON.stringify(message.headers ?? {}),
            nowMs,
          ]);
          return id;
        },
      }),
    );
  }

  /**
   * The oldest unsent messages in commit-safe order, as the event store reads: only rows written
   * by transactions older than every transaction still running, ordered by (transaction id,
   * sequence). A transaction that took an earlier sequence but commits later is never overtaken.
   */
  async pending(limit: number): Promise<OutboxMessage[]> {
    const result = await this.pool.query<{ sequence: number; id: string; aggregate_id: string; subject: string; type: string; payload: unknown; headers: Record<string, string>; created_at_ms: number }>(
      `SELECT sequence, id, aggregate_id, subject, type, payload, headers, created_at_ms FROM ${this.schema}.outbox WHERE sent_at_ms IS NULL AND transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY transaction_id, sequence LIMIT $1`,
      [limit],
    );
    return result.rows.map((row) => ({ sequence: Number(row.sequence), id: row.id, aggregateId: row.aggregate_id, subject: row.subject, type: row.type, payload: row.payload, headers: row.headers, createdAtMs: Number(row.created_at_ms) }));
  }

  async markSent(sequences: readonly number[]): Promise<void> {
    await this.pool.query(`UPDATE ${this.schema}.outbox SET sent_at_ms = $1 WHERE sequence = ANY($2::bigint[]) AND sent_at_ms IS NULL`, [this.runtime.clock.nowMs(), [...sequences]]);
  }

  async unsentCount(): Promise<number> {
    const result = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.schema}.outbox WHERE sent_at_ms IS NULL`);
    return Number(result.rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    if (this.owned) await this.pool.end();
  }
}

/**
 * The inbox on PostgreSQL: a consumer's effects and the record of the processed message id commit
 * in one transaction; a redelivery is recognised and skipped (exactly once in effect). Two
 * deliveries racing each other serialise on the inbox row's primary key.
 *
 * @example
 * ```ts
 * const inbox = await PostgresInbox.create({ pool, schema: 'app' });
 * await inbox.handle('payments', message.id, (client) => client.query('UPDATE app.accounts SET ...'));
 * ```
 */
export class PostgresInbox {
  readonly pool: Pool;
  readonly schema: string;
  private readonly owned: boolean;
  private readonly runtime: Runtime;

  /** Creates the inbox and runs the migrations. */
  static async create(options: PostgresOutboxOptions): Promise<PostgresInbox> {
    return new PostgresInbox(await openMigrated(options));
  }

  private constructor(opened: MigratedPool) {
    this.pool = opened.pool;
    this.owned = opened.owned;
    this.schema = opened.schema;
    this.runtime = opened.runtime;
  }

  /** Runs `work` unless `consumer` already processed `messageId`; both commit together. */
  handle<T>(consumer: string, messageId: string, work: (client: ClientBase) => Promise<T>): Promise<InboxOutcome<T>> {
    return inTransaction(this.pool, async (client): Promise<InboxOutcome<T>> => {
      const inserted = await client.query(`INSERT INTO ${this.schema}.inbox (consumer, message_id, processed_at_ms) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [consumer, messageId, this.runtime.clock.nowMs()]);
      if (inserted.rowCount === 0) return { status: 'duplicate' };
      return { status: 'processed', result: await work(client) };
    });
  }

  async close(): Promise<void> {
    if (this.owned) await this.pool.end();
  }
}

interface MigratedPool {
  readonly pool: Pool;
  readonly owned: boolean;
  readonly schema: string;
  readonly runtime: Runtime;
}

/** Opens (or adopts) the pool and runs the migrations; an owned pool is closed again if they fail. */
async function openMigrated(options: PostgresOutboxOptions): Promise<MigratedPool> {
  const runtime = runtimeOption(options.runtime);
  const { pool, owned, schema } = openPostgresPool(options);
  try {
    await migratePostgresSaga(pool, schema, runtime.clock.nowMs());
  } catch (error) {
    if (owned) await pool.end();
    throw error;
  }
  return { pool, owned, schema, runtime };
}
