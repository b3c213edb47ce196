import type { Database, Statement, Transaction } from 'better-sqlite3';
import { checkOptionsObject, optionalBoolean, runtimeOption } from '../../options.js';
import { sqlIdentifier } from '../../eventsourcing/validation.js';
import { type RuntimeOptions } from '../../runtime/index.js';
import { SagaConflictError, SagaStoreClosedError } from '../errors.js';
import { countsFrom, queryLimit } from '../query.js';
import type { SagaStore } from '../saga-store.js';
import type { SagaCounts, SagaDeadLetter, SagaQuery, SagaRecord, SagaTimer, SagaTransition } from '../types.js';
import { openSqliteDatabase, type SqliteDatabaseOptions } from './open-database.js';
import { migrateSqliteSaga } from './schema.js';

/**
 * Options of {@link SqliteSagaStore}.
 *
 * @example
 * ```ts
 * new SqliteSagaStore({ filename: 'app.db', prefix: 'app_' });
 * ```
 */
export interface SqliteSagaStoreOptions extends SqliteDatabaseOptions, RuntimeOptions {
  /** Run the migrations on open. Default true. */
  readonly migrate?: boolean;
}

const MAX_BATCH = 1_000;

interface TimerRow {
  saga_id: string;
  name: string;
  due_at_ms: number;
}
interface LetterRow {
  saga_id: string;
  step: string;
  error: string;
  attempts: number;
  parked_at_ms: number;
}

/**
 * The SQLite saga store (better-sqlite3): each transition (record, timers, dead letter) is one
 * `BEGIN IMMEDIATE` transaction with a version check, so several processes may share the file.
 *
 * @example
 * ```ts
 * import { SqliteSagaStore } from 'pacelc/saga/sqlite';
 * const store = new SqliteSagaStore({ filename: 'sagas.db' });
 * const orchestrator = new SagaOrchestrator({ store, definitions: [orderSaga] });
 * ```
 */
export class SqliteSagaStore implements SagaStore {
  readonly kind = 'sqlite';
  readonly database: Database;
  private readonly owned: boolean;
  private readonly prefix: string;
  private readonly statements: Record<'version' | 'insert' | 'update' | 'load' | 'setTimer' | 'clearTimer' | 'clearTimers' | 'due' | 'timers' | 'park' | 'release' | 'letters' | 'counts' | 'letterCount', Statement>;
  private readonly commitTransaction: Transaction<(transition: SagaTransition) => void>;
  private readonly batchTransaction: Transaction<(transitions: readonly SagaTransition[], outcomes: Array<Error | undefined>) => void>;
  private readonly queue: Array<{ transition: SagaTransition; resolve: () => void; reject: (error: Error) => void }> = [];
  private flushScheduled = false;
  private seenLength = 0;
  private hops = 0;
  private closed = false;

  constructor(options: SqliteSagaStoreOptions) {
    checkOptionsObject('SqliteSagaStore', options);
    const runtime = runtimeOption(options.runtime);
    optionalBoolean('migrate', options.migrate);
    this.prefix = options.prefix === '' ? '' : sqlIdentifier('prefix', options.prefix ?? 'pacelc_');
    const { database, owned } = openSqliteDatabase(options);
    this.database = database;
    this.owned = owned;
    if (options.migrate !== false) migrateSqliteSaga(database, this.prefix, runtime.clock.nowMs());
    const p = this.prefix;
    this.statements = {
      version: database.prepare(`SELECT version FROM ${p}sagas WHERE id = ?`),
      insert: database.prepare(`INSERT INTO ${p}sagas (id, name, status, version, record, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?)`),
      update: database.prepare(`UPDATE ${p}sagas SET status = ?, version = ?, record = ?, updated_at_ms = ? WHERE id = ? AND version = ?`),
      load: database.prepare(`SELECT record FROM ${p}sagas WHERE id = ?`),
      setTimer: database.prepare(`INSERT INTO ${p}saga_timers (saga_id, name, due_at_ms) VALUES (?, ?, ?) ON CONFLICT (saga_id, name) DO UPDATE SET due_at_ms = excluded.due_at_ms`),
      clearTimer: database.prepare(`DELETE FROM ${p}saga_timers WHERE saga_id = ? AND name = ?`),
      clearTimers: database.prepare(`DELETE FROM ${p}saga_timers WHERE saga_id = ?`),
      due: database.prepare(`SELECT saga_id, name, due_at_ms FROM ${p}saga_timers WHERE due_at_ms <= ? ORDER BY due_at_ms, saga_id, name LIMIT ?`),
      timers: database.prepare(`SELECT saga_id, name, due_at_ms FROM ${p}saga_timers WHERE saga_id = ? ORDER BY name`),
      park: database.prepare(`INSERT INTO ${p}saga_dead_letters (saga_id, step, error, attempts, parked_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (saga_id) DO UPDATE SET step = excluded.step, error = excluded.error, attempts = excluded.attempts, parked_at_ms = excluded.parked_at_ms`),
      release: database.prepare(`DELETE FROM ${p}saga_dead_letters WHERE saga_id = ?`),
      letters: database.prepare(`SELECT saga_id, step, error, attempts, parked_at_ms FROM ${p}saga_dead_letters ORDER BY parked_at_ms, saga_id LIMIT ?`),
      counts: database.prepare(`SELECT status, count(*) AS n FROM ${p}sagas GROUP BY status`),
      letterCount: database.prepare(`SELECT count(*) AS n FROM ${p}saga_dead_letters`),
    };
    const s = this.statements;
    this.commitTransaction = database.transaction((transition: SagaTransition) => {
      const { record, expectedVersion } = transition;
      const json = JSON.stringify(record);
      if (expectedVersion === 0) {
        const existing = s.version.get(record.id) as { version: number } | undefined;
        if (existing !== undefined) throw new SagaConflictError(record.id, 0, existing.version);
        s.insert.run(record.id, record.name, record.state.status, record.version, json, record.updatedAtMs);
      } else if (s.update.run(record.state.status, record.version, json, record.updatedAtMs, record.id, expectedVersion).changes !== 1) {
        const existing = s.version.get(record.id) as { version: number } | undefined;
        throw new SagaConflictError(record.id, expectedVersion, existing?.version ?? 0);
      }
      if (transition.clearTimers !== undefined) {
        if (transition.clearTimers.includes('*')) s.clearTimers.run(record.id);
        else for (const name of transition.clearTimers) s.clearTimer.run(record.id, name);
      }
      for (const timer of transition.setTimers ?? []) s.setTimer.run(record.id, timer.name, timer.dueAtMs);
      if (transition.deadLetter === null) s.release.run(record.id);
      else if (transition.deadLetter !== undefined) {
        const letter = transition.deadLetter;
        s.park.run(record.id, letter.step, letter.error, letter.attempts, letter.parkedAtMs);
      }
    });
    this.batchTransaction = database.transaction((transitions: readonly SagaTransition[], outcomes: Array<Error | undefined>) => {
      for (const transition of transitions) {
        try {
          this.commitTransaction(transition); // nested: a savepoint
          outcomes.push(undefined);
        } catch (error) {
          if (!(error instanceof SagaConflictError)) throw error;
          outcomes.push(error);
        }
      }
    });
  }

  /**
   * Group commit: transitions committed in the same turn of the event loop (many sagas in flight)
   * are written in one `BEGIN IMMEDIATE` transaction, each inside its own savepoint so that one
   * version conflict fails only its own commit. Every promise resolves after the shared COMMIT.
   */
  commit(transition: SagaTransition): Promise<void> {
    try {
      this.checkOpen();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ transition, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        this.seenLength = 0;
        this.hops = 0;
        queueMicrotask(this.flushSoon);
      }
    });
  }

  /** Waits while commits keep arriving (up to 64 microtask hops), then writes them all. */
  private readonly flushSoon = (): void => {
    if (this.queue.length > this.seenLength && this.hops < 64 && this.queue.length < MAX_BATCH) {
      this.seenLength = this.queue.length;
      this.hops++;
      queueMicrotask(this.flushSoon);
      return;
    }
    this.flushScheduled = false;
    const batch = this.queue.splice(0, this.queue.length);
    const outcomes: Array<Error | undefined> = [];
    try {
      this.checkOpen();
      this.batchTransaction.immediate(batch.map((item) => item.transition), outcomes);
    } catch (error) {
      for (const item of batch) item.reject(error as Error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) item.resolve();
      else item.reject(outcome);
    });
  };

  async load(id: string): Promise<SagaRecord | undefined> {
    this.checkOpen();
    const row = this.statements.load.get(id) as { record: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.record) as SagaRecord);
  }

  async list(query: SagaQuery = {}): Promise<SagaRecord[]> {
    this.checkOpen();
    const limit = queryLimit(query);
    const where: string[] = [];
    const parameters: unknown[] = [];
    if (query.statuses !== undefined) {
      if (query.statuses.length === 0) return [];
      where.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
      parameters.push(...query.statuses);
    }
    if (query.name !== undefined) {
      where.push('name = ?');
      parameters.push(query.name);
    }
    if (query.updatedBeforeMs !== undefined) {
      where.push('updated_at_ms < ?');
      parameters.push(query.updatedBeforeMs);
    }
    if (query.afterId !== undefined) {
      where.push('id > ?');
      parameters.push(query.afterId);
    }
    const sql = `SELECT record FROM ${this.prefix}sagas ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY id LIMIT ?`;
    const rows = this.database.prepare(sql).all(...parameters, limit) as Array<{ record: string }>;
    return rows.map((row) => JSON.parse(row.record) as SagaRecord);
  }

  async dueTimers(nowMs: number, limit: number): Promise<SagaTimer[]> {
    this.checkOpen();
    return (this.statements.due.all(nowMs, limit) as TimerRow[]).map((row) => ({ sagaId: row.saga_id, name: row.name, dueAtMs: row.due_at_ms }));
  }

  async timers(sagaId: string): Promise<SagaTimer[]> {
    this.checkOpen();
    return (this.statements.timers.all(sagaId) as TimerRow[]).map((row) => ({ sagaId: row.saga_id, name: row.name, dueAtMs: row.due_at_ms }));
  }

  async deadLetters(limit = 100): Promise<SagaDeadLetter[]> {
    this.checkOpen();
    return (this.statements.letters.all(limit) as LetterRow[]).map((row) => ({ sagaId: row.saga_id, step: row.step, error: row.error, attempts: row.attempts, parkedAtMs: row.parked_at_ms }));
  }

  async counts(): Promise<SagaCounts> {
    this.checkOpen();
    const rows = this.statements.counts.all() as Array<{ status: string; n: number }>;
    return countsFrom(rows, (this.statements.letterCount.get() as { n: number }).n);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) this.database.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new SagaStoreClosedError();
  }
}
