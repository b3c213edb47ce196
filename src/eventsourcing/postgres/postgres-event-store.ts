import pg from 'pg';
import type { ClientBase, Pool, PoolClient, QueryResultRow } from 'pg';
import { invalidOption } from '../../errors.js';
import type { Runtime, RuntimeOptions } from '../../runtime/index.js';
import { ConcurrencyError, EventStoreInputError, StoreClosedError } from '../errors.js';
import type { CheckpointCommit, EventStore, EventStoreOptions, ParkedEvent } from '../event-store.js';
import { START, type AppendOptions, type AppendResult, type Cursor, type EventToAppend, type ExpectedVersion, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent, type Snapshot } from '../types.js';
import { upcast } from '../upcasting.js';
import { checkEventStoreOptions } from '../event-store-options.js';
import { numberOption, optionalBoolean, optionalObjectWith, optionalString } from '../../options.js';
import { categoryOf, prepareEvents, readAllFilters, readCount, sqlIdentifier, validateExpectedVersion, validateStreamName, type PreparedEvent } from '../validation.js';
import { isServerError, withPooledClient } from './pooled-client.js';
import { postgresMigrations } from './schema.js';

/**
 * Options of {@link PostgresEventStore}.
 *
 * @example
 * ```ts
 * await PostgresEventStore.create({ connectionString: process.env.DATABASE_URL, schema: 'billing', maxConnections: 20 });
 * ```
 */
export interface PostgresEventStoreOptions extends EventStoreOptions<ClientBase>, RuntimeOptions {
  /** `postgres://user@host:port/database`. Give this or `pool`. */
  readonly connectionString?: string;
  /** A `pg` pool to use (the caller ends it). */
  readonly pool?: Pool;
  /** The schema holding every table; a validated identifier. Default `pacelc`. */
  readonly schema?: string;
  /** Connections of the pool the store creates. Default 10. */
  readonly maxConnections?: number;
  /** Send a NOTIFY on each append, so subscriptions (LISTEN) wake at once instead of at their next poll. Default true. */
  readonly notify?: boolean;
}

const NUMERIC_TYPES = new Set([20, 5069]); // int8, xid8
const types = {
  getTypeParser: ((oid: number, format?: string) => (NUMERIC_TYPES.has(oid) ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

interface EventRow extends QueryResultRow {
  position: number;
  transaction_id: number;
  stream_id: string;
  stream_version: number;
  id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  correlation_id: string | null;
  causation_id: string | null;
  recorded_at_ms: number;
}

const SAFE = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

function expectedCode(expected: ExpectedVersion): number {
  return expected === 'any' ? -1 : expected === 'no_stream' ? -2 : expected === 'stream_exists' ? -3 : expected;
}

function eventColumns(alias: string): string {
  const a = alias === '' ? '' : `${alias}.`;
  return `${a}position, ${a}transaction_id::text::bigint AS transaction_id, ${a}stream_id, ${a}stream_version, ${a}id, ${a}type, ${a}schema_version, ${a}data, ${a}metadata, ${a}correlation_id, ${a}causation_id, ${a}recorded_at_ms`;
}

/**
 * The PostgreSQL event store (`pg`). Appends are one function call (`append_events`) per batch;
 * reads of all streams follow the commit-safe order (transaction id, position) and only return
 * rows below the oldest running transaction, so subscriptions never skip an event that a slower
 * transaction commits late. Handlers and inline projections get the transaction's client, with
 * `search_path` set to the store's schema.
 *
 * @example
 * ```ts
 * import { PostgresEventStore } from 'pacelc/eventsourcing/postgres';
 * const store = await PostgresEventStore.create({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
 * await store.append('account-1', [{ type: 'Opened', data: { owner: 'ada' } }], { expectedVersion: 'no_stream' });
 * await store.close();
 * ```
 */
export class PostgresEventStore implements EventStore<ClientBase> {
  readonly kind = 'postgres';
  /** The pool (use it for read-model queries). */
  readonly pool: Pool;
  /** The schema every table lives in. */
  readonly schema: string;
  private readonly ownsPool: boolean;
  private readonly runtime: Runtime;
  private readonly options: PostgresEventStoreOptions;
  private readonly maxEventBytes: number;
  private readonly listeners = new Set<() => void>();
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private notifyState: 'idle' | 'sending' | 'again' = 'idle';
  private notifying: Promise<void> = Promise.resolve();
  private closed = false;

  /** Creates the store and runs its migrations. */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Use {@link PostgresEventStore.create}, or call `migrate()` yourself before use. */
  constructor(options: PostgresEventStoreOptions) {
    ({ runtime: this.runtime, maxEventBytes: this.maxEventBytes } = checkEventStoreOptions('PostgresEventStore', options));
    this.options = options;
    this.schema = sqlIdentifier('schema', options.schema ?? 'pacelc');
    optionalString('connectionString', options.connectionString);
    optionalObjectWith('pool', options.pool, ['connect', 'query', 'end'], 'a pg Pool');
    optionalBoolean('notify', options.notify);
    if ((options.connectionString === undefined) === (options.pool === undefined)) throw invalidOption('connectionString', options.connectionString, 'exactly one of connectionString and pool');
    const maxConnections = numberOption('maxConnections', options.maxConnections, 10, { min: 1, max: 1_000, integer: true });
    this.ownsPool = options.pool === undefined;
    this.pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: maxConnections });
    if (this.ownsPool) this.pool.on('error', () => undefined); // idle client errors surface on the next query
  }

  /** Creates the schema and applies the migrations not yet applied (idempotent; safe to run concurrently). */
  async migrate(): Promise<void> {
    const s = this.schema;
    await this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${s}.migrations`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, applied_at_ms bigint NOT NULL)`);
        const applied = new Set((await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`)).rows.map((row) => row.version));
        for (const migration of postgresMigrations(s)) {
          if (applied.has(migration.version)) continue;
          await client.query(migration.sql);
          await client.query(`INSERT INTO ${s}.schema_migrations (version, applied_at_ms) VALUES ($1, $2)`, [migration.version, this.runtime.clock.nowMs()]);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async append(streamId: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    this.checkOpen();
    validateStreamName(streamId);
    const expected = options.expectedVersion ?? 'any';
    validateExpectedVersion(expected);
    const prepared = prepareEvents(events, this.maxEventBytes, this.runtime.clock.nowMs());
    const batch = `[${prepared.map(eventJson).join(',')}]`;
    // NOTIFY is sent after the commit, coalesced (see hint()): inside the transaction it would hold
    // PostgreSQL's global notification lock through the commit and serialise every writer.
    const parameters = [streamId, categoryOf(streamId), expectedCode(expected), batch, prepared.some((event) => event.idGiven), this.runtime.clock.nowMs(), false];
    const sql = `SELECT next_version, last_position, transaction_id, appended FROM ${this.schema}.append_events($1, $2, $3, $4, $5, $6, $7)`;
    const projections = this.options.inlineProjections ?? [];
    for (let attempt = 1; ; attempt++) {
      try {
        let row: { next_version: number; last_position: number; transaction_id: number; appended: number };
        if (projections.length === 0) {
          row = (await this.query<typeof row>(sql, parameters)).rows[0] as typeof row;
        } else {
          row = await this.transaction(async (client) => {
            const result = (await client.query<typeof row>({ text: sql, values: parameters, types })).rows[0] as typeof row;
            if (result.appended > 0) {
              const recorded = (await client.query<EventRow>({ text: `SELECT ${eventColumns('')} FROM ${this.schema}.events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`, values: [streamId, result.next_version - result.appended], types })).rows.map((event) => this.decode(event));
              for (const projection of projections) {
                const selected = projection.eventTypes === undefined ? recorded : recorded.filter((event) => projection.eventTypes?.includes(event.type));
                if (selected.length > 0) await projection.handle(selected, client);
              }
            }
            return result;
          });
        }
        if (row.appended === 0 && prepared.length === 0) {
          const head = await this.headCursor();
          return { streamId, nextExpectedVersion: row.next_version, appended: 0, ...head };
        }
        if (row.appended > 0) this.hint();
        return { streamId, nextExpectedVersion: row.next_version, appended: row.appended, transactionId: row.transaction_id, position: row.last_position };
      } catch (error) {
        if (isServerError(error)) {
          if (error.code === 'PC001') throw new ConcurrencyError(streamId, expected, Number(error.message), { cause: error });
          if (error.code === 'PC002') throw new EventStoreInputError('DUPLICATE_EVENT_ID', `An event id of this batch is already stored, and the batch is not an exact repeat of an earlier append to ${JSON.stringify(streamId)}`, { cause: error });
          // Two appends raced with the same event id: try once more, now as an idempotent repeat.
          if (error.code === '23505' && error.constraint === 'events_id_key' && attempt === 1) continue;
          if (error.code === '23505' && error.constraint === 'events_id_key') throw new EventStoreInputError('DUPLICATE_EVENT_ID', `An event id of this batch is already stored`, { cause: error });
        }
        throw error;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    validateStreamName(streamId);
    const direction = options.direction ?? 'forward';
    const maxCount = options.maxCount === undefined ? null : readCount(options.maxCount, 0);
    const from = options.fromVersion ?? (direction === 'forward' ? 1 : Number.MAX_SAFE_INTEGER);
    if (!Number.isSafeInteger(from) || from < 0) throw invalidOption('fromVersion', options.fromVersion, 'an integer >= 0');
    const sql =
      direction === 'forward'
        ? `SELECT ${eventColumns('')} FROM ${this.schema}.events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version LIMIT $3`
        : `SELECT ${eventColumns('')} FROM ${this.schema}.events WHERE stream_id = $1 AND stream_version <= $2 ORDER BY stream_version DESC LIMIT $3`;
    return this.readEvents(sql, [streamId, from, maxCount]);
  }

  async streamVersion(streamId: string): Promise<number> {
    this.checkOpen();
    validateStreamName(streamId);
    const { rows } = await this.query<{ version: number | null }>(`SELECT max(stream_version) AS version FROM ${this.schema}.events WHERE stream_id = $1`, [streamId]);
    return rows[0]?.version ?? 0;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    const maxCount = readCount(options.maxCount, 1_000);
    const { category, eventTypes } = readAllFilters(options);
    const after = options.after ?? START;
    const conditions = [SAFE, '(transaction_id, position) > ($1::text::xid8, $2)'];
    const parameters: unknown[] = [String(after.transactionId), after.position];
    if (category !== undefined) {
      parameters.push(category);
      conditions.push(`category = $${parameters.length}`);
    }
    if (eventTypes !== undefined) {
      if (eventTypes.length === 0) return [];
      parameters.push(eventTypes);
      conditions.push(`type = ANY($${parameters.length}::text[])`);
    }
    parameters.push(maxCount);
    const sql = `SELECT ${eventColumns('')} FROM ${this.schema}.events WHERE ${conditions.join(' AND ')} ORDER BY transaction_id, position LIMIT $${parameters.length}`;
    return this.readEvents(sql, parameters);
  }

  async headCursor(): Promise<Cursor> {
    this.checkOpen();
    const { rows } = await this.query<{ transaction_id: number; position: number }>(
      `SELECT transaction_id::text::bigint AS transaction_id, position FROM ${this.schema}.events WHERE ${SAFE} ORDER BY transaction_id DESC, position DESC LIMIT 1`,
      [],
    );
    const row = rows[0];
    return row === undefined ? START : { transactionId: row.transaction_id, position: row.position };
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    this.checkOpen();
    validateStreamName(snapshot.streamId);
    await this.query(
      `INSERT INTO ${this.schema}.snapshots (stream_id, name, version, state) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (stream_id, name) DO UPDATE SET version = excluded.version, state = excluded.state`,
      [snapshot.streamId, snapshot.name, snapshot.version, JSON.stringify(snapshot.state)],
    );
  }

  async loadSnapshot(streamId: string, name: string): Promise<Snapshot | undefined> {
    this.checkOpen();
    const { rows } = await this.query<{ version: number; state: unknown }>(`SELECT version, state FROM ${this.schema}.snapshots WHERE stream_id = $1 AND name = $2`, [streamId, name]);
    const row = rows[0];
    return row === undefined ? undefined : { streamId, name, version: row.version, state: row.state };
  }

  async loadCheckpoint(subscriptionId: string): Promise<Cursor | undefined> {
    this.checkOpen();
    const { rows } = await this.query<{ transaction_id: number; position: number }>(`SELECT transaction_id, position FROM ${this.schema}.checkpoints WHERE subscription_id = $1`, [subscriptionId]);
    const row = rows[0];
    return row === undefined ? undefined : { transactionId: row.transaction_id, position: row.position };
  }

  async commit<T>(commit: CheckpointCommit, work?: (context: ClientBase) => T | Promise<T>): Promise<T | undefined> {
    return this.transaction(async (client) => {
      const result = work === undefined ? undefined : await work(client);
      const s = this.schema;
      await client.query({
        text: `INSERT INTO ${s}.checkpoints (subscription_id, transaction_id, position, updated_at_ms) VALUES ($1, $2, $3, $4) ON CONFLICT (subscription_id) DO UPDATE SET transaction_id = excluded.transaction_id, position = excluded.position, updated_at_ms = excluded.updated_at_ms`,
        values: [commit.subscriptionId, commit.cursor.transactionId, commit.cursor.position, this.runtime.clock.nowMs()],
      });
      const park = commit.park ?? [];
      if (park.length > 0) {
        await client.query({
          text: `INSERT INTO ${s}.dead_letters (subscription_id, event_id, position, error, attempts, parked_at_ms) SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::integer[], $6::bigint[]) ON CONFLICT DO NOTHING`,
          values: [commit.subscriptionId, park.map((entry) => entry.event.id), park.map((entry) => entry.event.position), park.map((entry) => entry.error), park.map((entry) => entry.attempts), park.map((entry) => entry.parkedAtMs)],
        });
      }
      if (commit.resolved !== undefined && commit.resolved.length > 0) {
        await client.query({ text: `DELETE FROM ${s}.dead_letters WHERE subscription_id = $1 AND event_id = ANY($2::text[])`, values: [commit.subscriptionId, commit.resolved] });
      }
      return result;
    });
  }

  async listParked(subscriptionId: string): Promise<ParkedEvent[]> {
    this.checkOpen();
    const columns = eventColumns('e');
    const { rows } = await this.query<EventRow & { parked_error: string; parked_attempts: number; parked_at: number }>(
      `SELECT d.error AS parked_error, d.attempts AS parked_attempts, d.parked_at_ms AS parked_at, ${columns} FROM ${this.schema}.dead_letters d JOIN ${this.schema}.events e ON e.id = d.event_id WHERE d.subscription_id = $1 ORDER BY e.transaction_id, e.position`,
      [subscriptionId],
    );
    return rows.map((row) => ({ subscriptionId, event: this.decode(row), error: row.parked_error, attempts: row.parked_attempts, parkedAtMs: row.parked_at }));
  }

  /** Runs `work` in a transaction on one pooled connection, with `search_path` set to the store's schema. */
  async transaction<T>(work: (context: ClientBase) => T | Promise<T>): Promise<T> {
    this.checkOpen();
    return this.withClient(async (client) => {
      await client.query(`BEGIN; SET LOCAL search_path TO ${this.schema}, public`);
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async replaceTable(context: ClientBase, source: string, target: string): Promise<void> {
    const s = this.schema;
    await context.query(`DROP TABLE IF EXISTS ${s}.${sqlIdentifier('target', target)}; ALTER TABLE ${s}.${sqlIdentifier('source', source)} RENAME TO ${target}`);
  }

  /** Wake-ups come from LISTEN on a dedicated connection (a hint: subscriptions poll anyway). */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.options.notify !== false) void this.listen();
    return () => this.listeners.delete(listener);
  }

  /**
   * Wakes local subscriptions at once, and others through NOTIFY: at most one NOTIFY in flight per
   * store, and one more after it if appends committed meanwhile, so every commit is followed by a
   * notification sent after it, without a NOTIFY per append.
   */
  private hint(): void {
    for (const listener of this.listeners) listener();
    if (this.options.notify === false || this.closed) return;
    if (this.notifyState !== 'idle') {
      this.notifyState = 'again';
      return;
    }
    this.notifyState = 'sending';
    const send = async (): Promise<void> => {
      for (;;) {
        // Its own tiny transaction, committed without waiting for the WAL flush: a lost
        // notification costs one poll interval, a waited-for one costs every writer a disk flush.
        await this.pool.query(`BEGIN; SET LOCAL synchronous_commit TO off; NOTIFY ${this.schema}_events; COMMIT`).catch(() => undefined);
        if (this.notifyState !== 'again' || this.closed) break;
        this.notifyState = 'sending';
      }
      this.notifyState = 'idle';
    };
    this.notifying = send();
  }

  private listen(): Promise<void> {
    this.listening ??= (async () => {
      const client = new pg.Client(this.ownsPool ? { connectionString: this.options.connectionString } : (this.pool as unknown as { options: pg.ClientConfig }).options);
      const reset = (): void => {
        if (this.listener === client) this.listener = undefined;
        this.listening = undefined;
        void client.end().catch(() => undefined);
      };
      client.on('error', reset);
      client.on('end', reset);
      client.on('notification', () => {
        for (const listener of this.listeners) listener();
      });
      try {
        await client.connect();
        if (this.closed) {
          await client.end();
          return;
        }
        await client.query(`LISTEN ${this.schema}_events`);
        this.listener = client;
      } catch {
        reset();
      }
    })();
    return this.listening;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.notifying;
    await this.listening;
    await this.listener?.end().catch(() => undefined);
    if (this.ownsPool) await this.pool.end();
  }

  private withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return withPooledClient(this.pool, work, { closed: () => this.closed, what: 'PostgreSQL event store' });
  }

  /** Reads events with `rowMode: 'array'` (no per-row object for pg to build) and decodes them. */
  private async readEvents(text: string, values: unknown[]): Promise<RecordedEvent[]> {
    this.checkOpen();
    const result = await this.withClient((client) => client.query<unknown[]>({ text, values, types, rowMode: 'array' }));
    return result.rows.map((row) => this.decodeArray(row));
  }

  private decodeArray(row: unknown[]): RecordedEvent {
    return upcast(
      {
        position: row[0] as number,
        transactionId: row[1] as number,
        streamId: row[2] as string,
        streamVersion: row[3] as number,
        id: row[4] as string,
        type: row[5] as string,
        schemaVersion: row[6] as number,
        data: row[7],
        metadata: row[8] as Record<string, unknown>,
        correlationId: row[9] as string | null,
        causationId: row[10] as string | null,
        recordedAtMs: row[11] as number,
      },
      this.options.upcasters,
    );
  }

  private query<R extends QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    this.checkOpen();
    return this.withClient((client) => client.query<R>({ text, values, types }));
  }

  private decode(row: EventRow): RecordedEvent {
    return upcast(
      {
        id: row.id,
        streamId: row.stream_id,
        streamVersion: row.stream_version,
        position: row.position,
        transactionId: row.transaction_id,
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        correlationId: row.correlation_id,
        causationId: row.causation_id,
        metadata: row.metadata,
        recordedAtMs: row.recorded_at_ms,
      },
      this.options.upcasters,
    );
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

function eventJson(event: PreparedEvent): string {
  return `{"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"schemaVersion":${event.schemaVersion},"data":${event.dataJson},"metadata":${event.metadataJson},"correlationId":${JSON.stringify(event.correlationId)},"causationId":${JSON.stringify(event.causationId)}}`;
}
