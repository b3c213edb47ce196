import type { Pool } from 'pg';
import { runtimeOption } from '../../options.js';
import { systemRuntime, type RuntimeOptions } from '../../runtime/index.js';
import { isConnectionLost } from '../../eventsourcing/postgres/pooled-client.js';
import { StoreUnavailableError } from '../../eventsourcing/errors.js';
import { storableJson } from '../../text/storable-json.js';
import { SagaConflictError, SagaStoreClosedError, SagaUnstorableError } from '../errors.js';
import { countsFrom, queryLimit } from '../query.js';
import type { SagaStore } from '../saga-store.js';
import type { SagaCounts, SagaDeadLetter, SagaQuery, SagaRecord, SagaTimer, SagaTransition } from '../types.js';
import { migratePostgresSaga, openPostgresPool, type PostgresDatabaseOptions } from './open-pool.js';

/**
 * Options of {@link PostgresSagaStore}.
 *
 * @example
 * ```ts
 * await PostgresSagaStore.create({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', schema: 'app', maxConnections: 16 });
 * ```
 */
export interface PostgresSagaStoreOptions extends PostgresDatabaseOptions, RuntimeOptions {}

const MAX_BATCH = 500;

interface TimerRow {
  saga_id: string;
  name: string;
  due_at_ms: number;
}

/** JSON round trip that drops `undefined` fields, as jsonb does: records compare equal across stores. */
function revive(record: unknown): SagaRecord {
  return record as SagaRecord;
}

/**
 * The PostgreSQL saga store (`pg`): each transition (record, timers, dead letter) is one call of a
 * stored function, so one round trip and one transaction, checked against the expected version.
 *
 * @example
 * ```ts
 * import { PostgresSagaStore } from 'pacelc/saga/postgres';
 * const store = await PostgresSagaStore.create({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
 * const orchestrator = new SagaOrchestrator({ store, definitions: [orderSaga] });
 * ```
 */
export class PostgresSagaStore implements SagaStore {
  readonly kind = 'postgres';
  readonly pool: Pool;
  readonly schema: string;
  private readonly owned: boolean;
  private readonly options: PostgresSagaStoreOptions;
  private closed = false;
  private readonly queue: Array<{ transition: SagaTransition; resolve: () => void; reject: (error: Error) => void }> = [];
  private readonly maxBatches: number;
  private batchesInFlight = 0;
  private flushScheduled = false;

  /** Creates the store and runs its migrations. */
  static async create(options: PostgresSagaStoreOptions): Promise<PostgresSagaStore> {
    const store = new PostgresSagaStore(options);
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Use {@link PostgresSagaStore.create}, or call `migrate()` before use. */
  constructor(options: PostgresSagaStoreOptions) {
    this.options = options;
    runtimeOption(options.runtime);
    const { pool, owned, schema } = openPostgresPool(options);
    this.pool = pool;
    this.owned = owned;
    this.schema = schema;
    this.maxBatches = Math.max(1, (options.maxConnections ?? 10) - 1);
  }

  /** Creates the schema and applies pending migrations (idempotent). */
  migrate(): Promise<void> {
    return migratePostgresSaga(this.pool, this.schema, (this.options.runtime ?? systemRuntime()).clock.nowMs());
  }

  /**
   * Group commit: transitions that arrive while earlier ones are being written are sent together,
   * as one call of `commit_saga_transitions` (one round trip, one transaction); a version
   * conflict fails only its own commit. At most `maxConnections` batches are in flight.
   */
  commit(transition: SagaTransition): Promise<void> {
    try {
      this.checkOpen();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ transition, resolve, reject });
      if (this.batchesInFlight < this.maxBatches && !this.flushScheduled) {
        this.flushScheduled = true;
        queueMicrotask(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.queue.length === 0 || this.batchesInFlight >= this.maxBatches) return;
    const taken = this.queue.splice(0, MAX_BATCH);
    // Each saga's transition is serialised on its own: one that cannot be stored (a BigInt, a NUL
    // character, a lone surrogate) is refused alone, and the rest of the batch goes on.
    const batch: typeof taken = [];
    const texts: string[] = [];
    for (const item of taken) {
      try {
        texts.push(storableJson(this.item(item.transition)));
        batch.push(item);
      } catch (error) {
        item.reject(new SagaUnstorableError(item.transition.record.id, 'transition', (error as Error).message, { cause: error }));
      }
    }
    if (batch.length === 0) {
      this.flushLater();
      return;
    }
    this.batchesInFlight++;
    this.pool
      .query<{ results: Array<number | null> }>(`SELECT ${this.schema}.commit_saga_transitions($1::jsonb) AS results`, [`[${texts.join(',')}]`])
      .then(
        (result) => {
          const results = result.rows[0]?.results ?? [];
          batch.forEach((item, index) => {
            const actual = results[index] ?? null;
            if (actual === null) item.resolve();
            else item.reject(new SagaConflictError(item.transition.record.id, item.transition.expectedVersion, actual));
          });
        },
        (error: unknown) => {
          const typed = isConnectionLost(error)
            ? new StoreUnavailableError(`PostgreSQL saga store: the connection was lost while committing ${batch.length} saga transition(s); they may or may not have been written (${(error as Error).message})`, { cause: error, outcome: 'unknown' })
            : (error as Error);
          for (const item of batch) item.reject(typed);
        },
      )
      .finally(() => {
        this.batchesInFlight--;
        this.flushLater();
      });
  };

  private flushLater(): void {
    if (this.queue.length > 0 && !this.flushScheduled && this.batchesInFlight < this.maxBatches) {
      this.flushScheduled = true;
      queueMicrotask(this.flush);
    }
  }

  /** The row of `commit_saga_transitions` for one transition. */
  private item(transition: SagaTransition): unknown {
    const { record, expectedVersion } = transition;
    const clear = transition.clearTimers ?? [];
    const timers = transition.setTimers ?? [];
    const letter = transition.deadLetter;
      return {
        id: record.id,
        name: record.name,
        status: record.state.status,
        version: record.version,
        expected: expectedVersion,
        record,
        updatedAtMs: record.updatedAtMs,
        clearAll: clear.includes('*'),
        clear: clear.filter((name) => name !== '*'),
        setNames: timers.map((timer) => timer.name),
        setDue: timers.map((timer) => timer.dueAtMs),
        letterOp: letter === undefined ? 0 : letter === null ? 2 : 1,
        letter: letter ?? null,
      };
  }

  async load(id: string): Promise<SagaRecord | undefined> {
    this.checkOpen();
    const result = await this.pool.query<{ record: unknown }>(`SELECT record FROM ${this.schema}.sagas WHERE id = $1`, [id]);
    const row = result.rows[0];
    return row === undefined ? undefined : revive(row.record);
  }

  async list(query: SagaQuery = {}): Promise<SagaRecord[]> {
    this.checkOpen();
    const limit = queryLimit(query);
    const where: string[] = [];
    const parameters: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      parameters.push(value);
      where.push(sql.replace('?', `$${parameters.length}`));
    };
    if (query.statuses !== undefined) add('status = ANY(?)', [...query.statuses]);
    if (query.name !== undefined) add('name = ?', query.name);
    if (query.updatedBeforeMs !== undefined) add('updated_at_ms < ?', query.updatedBeforeMs);
    if (query.afterId !== undefined) add('id > ?', query.afterId);
    parameters.push(limit);
    const sql = `SELECT record FROM ${this.schema}.sagas ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY id COLLATE "C" LIMIT $${parameters.length}`;
    const result = await this.pool.query<{ record: unknown }>(sql, parameters);
    return result.rows.map((row) => revive(row.record));
  }

  async dueTimers(nowMs: number, limit: number): Promise<SagaTimer[]> {
    this.checkOpen();
    const result = await this.pool.query<TimerRow>(`SELECT saga_id, name, due_at_ms FROM ${this.schema}.saga_timers WHERE due_at_ms <= $1 ORDER BY due_at_ms, saga_id COLLATE "C", name COLLATE "C" LIMIT $2`, [nowMs, limit]);
    return result.rows.map((row) => ({ sagaId: row.saga_id, name: row.name, dueAtMs: Number(row.due_at_ms) }));
  }

  async timers(sagaId: string): Promise<SagaTimer[]> {
    this.checkOpen();
    const result = await this.pool.query<TimerRow>(`SELECT saga_id, name, due_at_ms FROM ${this.schema}.saga_timers WHERE saga_id = $1 ORDER BY name COLLATE "C"`, [sagaId]);
    return result.rows.map((row) => ({ sagaId: row.saga_id, name: row.name, dueAtMs: Number(row.due_at_ms) }));
  }

  async deadLetters(limit = 100): Promise<SagaDeadLetter[]> {
    this.checkOpen();
    const result = await this.pool.query<{ saga_id: string; step: string; error: string; attempts: number; parked_at_ms: number }>(
      `SELECT saga_id, step, error, attempts, parked_at_ms FROM ${this.schema}.saga_dead_letters ORDER BY parked_at_ms, saga_id COLLATE "C" LIMIT $1`,
      [limit],
    );
    return result.rows.map((row) => ({ sagaId: row.saga_id, step: row.step, error: row.error, attempts: row.attempts, parkedAtMs: Number(row.parked_at_ms) }));
  }

  async counts(): Promise<SagaCounts> {
    this.checkOpen();
    const rows = await this.pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM ${this.schema}.sagas GROUP BY status`);
    const letters = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.schema}.saga_dead_letters`);
    return countsFrom(rows.rows.map((row) => ({ status: row.status, n: Number(row.n) })), Number(letters.rows[0]?.n ?? 0));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) await this.pool.end();
  }

  private checkOpen(): void {
    if (this.closed) throw new SagaStoreClosedError();
  }
}
