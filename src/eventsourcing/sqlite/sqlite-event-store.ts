import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import { assert, invalidOption } from '../../errors.js';
import type { Runtime, RuntimeOptions } from '../../runtime/index.js';
import { ConcurrencyError, EventStoreInputError, StoreClosedError, StoreUnavailableError } from '../errors.js';
import type { CheckpointCommit, EventStore, EventStoreOptions, ParkedEvent } from '../event-store.js';
import { Mutex } from '../mutex.js';
import { checkEventStoreOptions } from '../event-store-options.js';
import { numberOption, optionalBoolean, optionalObjectWith, optionalString } from '../../options.js';
import { START, type AppendOptions, type AppendResult, type Cursor, type EventToAppend, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent, type Snapshot } from '../types.js';
import { upcast } from '../upcasting.js';
import { categoryOf, prepareEvents, readAllFilters, readCount, sqlIdentifier, validateExpectedVersion, validateStreamName, versionMatches, type PreparedEvent } from '../validation.js';
import { sqliteMigrations } from './schema.js';

/**
 * Options of {@link SqliteEventStore}.
 *
 * @example
 * ```ts
 * new SqliteEventStore({ filename: 'events.db', prefix: 'es_', busyTimeoutMs: 30_000 });
 * ```
 */
export interface SqliteEventStoreOptions extends EventStoreOptions<Database>, RuntimeOptions {
  /** A file to open (created if missing), or `':memory:'`. Give this or `database`. */
  readonly filename?: string;
  /** An open better-sqlite3 database to use (the caller closes it). */
  readonly database?: Database;
  /** Put before every table name; a validated identifier. Default `pacelc_`. */
  readonly prefix?: string;
  /** Run the migrations on open. Default true. */
  readonly migrate?: boolean;
  /** SQLite's page cache for a database the store opens, in KiB. Default 65,536 (64 MiB). */
  readonly cacheKiB?: number;
  /** How long a writer waits for another process's write lock, in ms. Default 10,000. */
  readonly busyTimeoutMs?: number;
}

interface EventRow {
  position: number;
  transaction_id: number;
  stream_id: string;
  stream_version: number;
  id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  correlation_id: string | null;
  causation_id: string | null;
  recorded_at_ms: number;
}

const EVENT_COLUMNS = 'position, transaction_id, stream_id, stream_version, id, type, schema_version, data, metadata, correlation_id, causation_id, recorded_at_ms';

/**
 * The SQLite event store (better-sqlite3): embedded, durable, and safe with several processes on
 * one file (WAL; writers take turns with `BEGIN IMMEDIATE`). Handlers and inline projections get
 * the `Database` and write in the same transaction as the append or checkpoint.
 *
 * @example
 * ```ts
 * import { SqliteEventStore } from 'pacelc/eventsourcing/sqlite';
 * const store = new SqliteEventStore({ filename: 'events.db' });
 * await store.append('account-1', [{ type: 'Opened', data: { owner: 'ada' } }], { expectedVersion: 'no_stream' });
 * ```
 */
export class SqliteEventStore implements EventStore<Database> {
  readonly kind = 'sqlite';
  /** The database (use it for read-model queries). */
  readonly database: Database;
  private readonly ownsDatabase: boolean;
  private readonly runtime: Runtime;
  private readonly options: SqliteEventStoreOptions;
  private readonly maxEventBytes: number;
  private readonly prefix: string;
  private readonly mutex = new Mutex();
  private readonly listeners = new Set<() => void>();
  private readonly statements: Record<string, Statement>;
  private readonly readAllStatements = new Map<string, Statement>();
  private closed = false;

  constructor(options: SqliteEventStoreOptions) {
    ({ runtime: this.runtime, maxEventBytes: this.maxEventBytes } = checkEventStoreOptions('SqliteEventStore', options));
    this.options = options;
    optionalString('filename', options.filename);
    optionalObjectWith('database', options.database, ['prepare', 'pragma'], 'a better-sqlite3 Database');
    optionalBoolean('migrate', options.migrate);
    this.prefix = options.prefix === '' ? '' : sqlIdentifier('prefix', options.prefix ?? 'pacelc_');
    if ((options.filename === undefined) === (options.database === undefined)) throw invalidOption('filename', options.filename, 'exactly one of filename and database');
    const busyTimeoutMs = numberOption('busyTimeoutMs', options.busyTimeoutMs, 10_000, { min: 0, max: 2 ** 31 - 1, integer: true });
    const cacheKiB = numberOption('cacheKiB', options.cacheKiB, 65_536, { min: 64, integer: true });
    this.ownsDatabase = options.database === undefined;
    this.database = options.database ?? new BetterSqlite3(options.filename as string);
    this.database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    if (this.ownsDatabase && options.filename !== ':memory:') {
      this.database.pragma('journal_mode = WAL');
      this.database.pragma('synchronous = NORMAL');
      this.database.pragma(`cache_size = -${cacheKiB}`);
    }
    if (options.migrate !== false) this.migrate();
    const p = this.prefix;
    const db = this.database;
    this.statements = {
      streamVersion: db.prepare(`SELECT MAX(stream_version) AS version FROM ${p}events WHERE stream_id = ?`),
      lastPosition: db.prepare(`SELECT MAX(position) AS position FROM ${p}events`),
      byId: db.prepare(`SELECT stream_id, stream_version, position, transaction_id FROM ${p}events WHERE id = ?`),
      insert: db.prepare(`INSERT INTO ${p}events (${EVENT_COLUMNS}, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      readForward: db.prepare(`SELECT ${EVENT_COLUMNS} FROM ${p}events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?`),
      readBackward: db.prepare(`SELECT ${EVENT_COLUMNS} FROM ${p}events WHERE stream_id = ? AND stream_version <= ? ORDER BY stream_version DESC LIMIT ?`),
      head: db.prepare(`SELECT position, transaction_id FROM ${p}events ORDER BY position DESC LIMIT 1`),
      saveSnapshot: db.prepare(`INSERT INTO ${p}snapshots (stream_id, name, version, state) VALUES (?, ?, ?, ?) ON CONFLICT (stream_id, name) DO UPDATE SET version = excluded.version, state = excluded.state`),
      loadSnapshot: db.prepare(`SELECT version, state FROM ${p}snapshots WHERE stream_id = ? AND name = ?`),
      loadCheckpoint: db.prepare(`SELECT transaction_id, position FROM ${p}checkpoints WHERE subscription_id = ?`),
      saveCheckpoint: db.prepare(`INSERT INTO ${p}checkpoints (subscription_id, transaction_id, position, updated_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (subscription_id) DO UPDATE SET transaction_id = excluded.transaction_id, position = excluded.position, updated_at_ms = excluded.updated_at_ms`),
      park: db.prepare(`INSERT OR IGNORE INTO ${p}dead_letters (subscription_id, event_id, position, error, attempts, parked_at_ms) VALUES (?, ?, ?, ?, ?, ?)`),
      resolve: db.prepare(`DELETE FROM ${p}dead_letters WHERE subscription_id = ? AND event_id = ?`),
      listParked: db.prepare(`SELECT d.error AS parked_error, d.attempts AS parked_attempts, d.parked_at_ms AS parked_at, ${EVENT_COLUMNS.split(', ').map((column) => `e.${column}`).join(', ')} FROM ${p}dead_letters d JOIN ${p}events e ON e.id = d.event_id WHERE d.subscription_id = ? ORDER BY e.position`),
    };
  }

  /** Applies the schema migrations that have not run yet (idempotent). */
  migrate(): void {
    const p = this.prefix;
    this.database.exec(`CREATE TABLE IF NOT EXISTS ${p}schema_migrations (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL)`);
    const applied = new Set((this.database.prepare(`SELECT version FROM ${p}schema_migrations`).all() as Array<{ version: number }>).map((row) => row.version));
    for (const migration of sqliteMigrations(p)) {
      if (applied.has(migration.version)) continue;
      this.database.transaction(() => {
        this.database.exec(migration.sql);
        this.database.prepare(`INSERT OR IGNORE INTO ${p}schema_migrations (version, applied_at_ms) VALUES (?, ?)`).run(migration.version, this.runtime.clock.nowMs());
      }).immediate();
    }
  }

  async append(streamId: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    this.checkOpen();
    validateStreamName(streamId);
    const expected = options.expectedVersion ?? 'any';
    validateExpectedVersion(expected);
    const prepared = prepareEvents(events, this.maxEventBytes, this.runtime.clock.nowMs());
    const result = await this.mutex.run(() => {
      this.checkOpen();
      try {
        return this.database.transaction(() => this.appendInTransaction(streamId, prepared, expected)).immediate();
      } catch (error) {
        throw busyError(error);
      }
    });
    if (result.appended > 0) for (const listener of this.listeners) listener();
    return result;
  }

  private appendInTransaction(streamId: string, prepared: readonly PreparedEvent[], expected: AppendOptions['expectedVersion'] & {}): AppendResult {
    const statements = this.statements;
    if (prepared.some((event) => event.idGiven)) {
      const repeat = this.idempotentRepeat(streamId, prepared);
      if (repeat !== undefined) return repeat;
    }
    const actual = ((statements.streamVersion?.get(streamId) as { version: number | null }).version ?? 0);
    if (!versionMatches(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
    const last = (statements.lastPosition?.get() as { position: number | null }).position ?? 0;
    if (prepared.length === 0) return { streamId, nextExpectedVersion: actual, appended: 0, ...this.headSync() };
    const transactionId = last + 1;
    const recordedAtMs = this.runtime.clock.nowMs();
    const category = categoryOf(streamId);
    const insert = statements.insert as Statement;
    prepared.forEach((event, index) => {
      insert.run(last + 1 + index, transactionId, streamId, actual + 1 + index, event.id, event.type, event.schemaVersion, event.dataJson, event.metadataJson, event.correlationId, event.causationId, recordedAtMs, category);
    });
    const projections = this.options.inlineProjections ?? [];
    if (projections.length > 0) {
      const recorded = prepared.map((event, index): RecordedEvent =>
        upcast(
          {
            id: event.id,
            streamId,
            streamVersion: actual + 1 + index,
            position: last + 1 + index,
            transactionId,
            type: event.type,
            schemaVersion: event.schemaVersion,
            data: JSON.parse(event.dataJson) as unknown,
            correlationId: event.correlationId,
            causationId: event.causationId,
            metadata: JSON.parse(event.metadataJson) as Record<string, unknown>,
            recordedAtMs,
          },
          this.options.upcasters,
        ),
      );
      for (const projection of projections) {
        const selected = projection.eventTypes === undefined ? recorded : recorded.filter((event) => projection.eventTypes?.includes(event.type));
        if (selected.length === 0) continue;
        const outcome = projection.handle(selected, this.database);
        assert(!(outcome instanceof Promise), `inline projection ${projection.name} returned a promise: SQLite inline projections must be synchronous`);
      }
    }
    return { streamId, nextExpectedVersion: actual + prepared.length, appended: prepared.length, transactionId, position: last + prepared.length };
  }

  private idempotentRepeat(streamId: string, prepared: readonly PreparedEvent[]): AppendResult | undefined {
    const found = prepared.map((event) => this.statements.byId?.get(event.id) as { stream_id: string; stream_version: number; position: number; transaction_id: number } | undefined);
    if (found.every((row) => row === undefined)) return undefined;
    const first = found[0];
    const consistent = first !== undefined && found.every((row, index) => row !== undefined && row.stream_id === streamId && row.stream_version === first.stream_version + index);
    if (!consistent) {
      const index = found.findIndex((row) => row !== undefined);
      throw new EventStoreInputError('DUPLICATE_EVENT_ID', `Event id ${JSON.stringify(prepared[index]?.id)} is already stored (stream ${JSON.stringify(found[index]?.stream_id)}), and the batch is not an exact repeat of an earlier append`);
    }
    const last = found.at(-1) as { position: number; transaction_id: number };
    const version = (this.statements.streamVersion?.get(streamId) as { version: number | null }).version ?? 0;
    return { streamId, nextExpectedVersion: version, appended: 0, transactionId: last.transaction_id, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    validateStreamName(streamId);
    const direction = options.direction ?? 'forward';
    const maxCount = options.maxCount === undefined ? -1 : readCount(options.maxCount, 0);
    const from = options.fromVersion ?? (direction === 'forward' ? 1 : Number.MAX_SAFE_INTEGER);
    if (!Number.isSafeInteger(from) || from < 0) throw invalidOption('fromVersion', options.fromVersion, 'an integer >= 0');
    const statement = direction === 'forward' ? this.statements.readForward : this.statements.readBackward;
    return (statement?.all(streamId, from, maxCount) as EventRow[]).map((row) => this.decode(row));
  }

  async streamVersion(streamId: string): Promise<number> {
    this.checkOpen();
    validateStreamName(streamId);
    return (this.statements.streamVersion?.get(streamId) as { version: number | null }).version ?? 0;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    const maxCount = readCount(options.maxCount, 1_000);
    const { category, eventTypes } = readAllFilters(options);
    const conditions = ['position > ?'];
    const parameters: unknown[] = [(options.after ?? START).position];
    if (category !== undefined) {
      conditions.push('category = ?');
      parameters.push(category);
    }
    if (eventTypes !== undefined) {
      if (eventTypes.length === 0) return [];
      conditions.push(`type IN (${eventTypes.map(() => '?').join(', ')})`);
      parameters.push(...eventTypes);
    }
    const sql = `SELECT ${EVENT_COLUMNS} FROM ${this.prefix}events WHERE ${conditions.join(' AND ')} ORDER BY position LIMIT ?`;
    let statement = this.readAllStatements.get(sql);
    if (statement === undefined) {
      if (this.readAllStatements.size >= 64) this.readAllStatements.clear();
      statement = this.database.prepare(sql);
      this.readAllStatements.set(sql, statement);
    }
    return (statement.all(...parameters, maxCount) as EventRow[]).map((row) => this.decode(row));
  }

  async headCursor(): Promise<Cursor> {
    this.checkOpen();
    return this.headSync();
  }

  private headSync(): Cursor {
    const row = this.statements.head?.get() as { position: number; transaction_id: number } | undefined;
    return row === undefined ? START : { transactionId: row.transaction_id, position: row.position };
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    this.checkOpen();
    validateStreamName(snapshot.streamId);
    const state = JSON.stringify(snapshot.state);
    await this.mutex.run(() => this.statements.saveSnapshot?.run(snapshot.streamId, snapshot.name, snapshot.version, state));
  }

  async loadSnapshot(streamId: string, name: string): Promise<Snapshot | undefined> {
    this.checkOpen();
    const row = this.statements.loadSnapshot?.get(streamId, name) as { version: number; state: string } | undefined;
    return row === undefined ? undefined : { streamId, name, version: row.version, state: JSON.parse(row.state) as unknown };
  }

  async loadCheckpoint(subscriptionId: string): Promise<Cursor | undefined> {
    this.checkOpen();
    const row = this.statements.loadCheckpoint?.get(subscriptionId) as { transaction_id: number; position: number } | undefined;
    return row === undefined ? undefined : { transactionId: row.transaction_id, position: row.position };
  }

  async commit<T>(commit: CheckpointCommit, work?: (context: Database) => T | Promise<T>): Promise<T | undefined> {
    return this.transaction(async (db) => {
      const result = work === undefined ? undefined : await work(db);
      this.statements.saveCheckpoint?.run(commit.subscriptionId, commit.cursor.transactionId, commit.cursor.position, this.runtime.clock.nowMs());
      for (const entry of commit.park ?? []) this.statements.park?.run(commit.subscriptionId, entry.event.id, entry.event.position, entry.error, entry.attempts, entry.parkedAtMs);
      for (const eventId of commit.resolved ?? []) this.statements.resolve?.run(commit.subscriptionId, eventId);
      return result;
    });
  }

  async listParked(subscriptionId: string): Promise<ParkedEvent[]> {
    this.checkOpen();
    const rows = this.statements.listParked?.all(subscriptionId) as Array<EventRow & { parked_error: string; parked_attempts: number; parked_at: number }>;
    return rows.map((row) => ({ subscriptionId, event: this.decode(row), error: row.parked_error, attempts: row.parked_attempts, parkedAtMs: row.parked_at }));
  }

  /**
   * Runs `work` inside `BEGIN IMMEDIATE` … `COMMIT` (rolled back if it throws). `work` may be
   * async: other writes through this store wait for it, so keep it short (it holds the file's
   * write lock).
   */
  async transaction<T>(work: (context: Database) => T | Promise<T>): Promise<T> {
    this.checkOpen();
    return this.mutex.run(async () => {
      this.checkOpen();
      const db = this.database;
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        throw busyError(error);
      }
      try {
        const result = await work(db);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async replaceTable(context: Database, source: string, target: string): Promise<void> {
    context.exec(`DROP TABLE IF EXISTS ${sqlIdentifier('target', target)}; ALTER TABLE ${sqlIdentifier('source', source)} RENAME TO ${target}`);
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.mutex.run(() => {
      this.closed = true;
      this.listeners.clear();
      if (this.ownsDatabase) this.database.close();
    });
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
        data: JSON.parse(row.data) as unknown,
        correlationId: row.correlation_id,
        causationId: row.causation_id,
        metadata: JSON.parse(row.metadata) as Record<string, unknown>,
        recordedAtMs: row.recorded_at_ms,
      },
      this.options.upcasters,
    );
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

/** SQLITE_BUSY (another connection held the write lock past `busyTimeoutMs`) as a typed, definite error. */
function busyError(error: unknown): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) {
    return new StoreUnavailableError(`The SQLite database is locked by another writer (${code}); nothing was written`, { cause: error, outcome: 'definite' });
  }
  return error;
}
