import pg from 'pg';
import { checkOptionsObject, numberOption, optionalObjectWith, optionalString } from '../../options.js';
import type { ClientBase, Pool } from 'pg';
import { sqlIdentifier } from '../../eventsourcing/validation.js';
import { invalidOption } from '../../errors.js';
import { withPooledClient } from '../../eventsourcing/postgres/pooled-client.js';
import { postgresSagaMigrations } from './schema.js';

/**
 * Options shared by the PostgreSQL saga store, outbox and inbox.
 *
 * @example
 * ```ts
 * const options: PostgresDatabaseOptions = { connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', schema: 'app' };
 * ```
 */
export interface PostgresDatabaseOptions {
  /** `postgres://user@host:port/database`. Give this or `pool`. */
  readonly connectionString?: string;
  /** A `pg` pool to use (the caller ends it): share it with your business tables. */
  readonly pool?: Pool;
  /** The schema holding every table; a validated identifier. Default `pacelc`. */
  readonly schema?: string;
  /** Connections of the pool created from `connectionString` (1..1000). Default 10. */
  readonly maxConnections?: number;
}

const BIGINT = 20;
/** Types that read bigint columns as numbers (every bigint here is a millisecond time or a sequence below 2^53). */
export const numericTypes = {
  getTypeParser: ((oid: number, format?: string) => (oid === BIGINT ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

/** Creates (or adopts) the pool and checks the schema name. */
export function openPostgresPool(options: PostgresDatabaseOptions): { pool: Pool; owned: boolean; schema: string } {
  checkOptionsObject('the PostgreSQL saga store', options);
  const schema = sqlIdentifier('schema', options.schema ?? 'pacelc');
  optionalString('connectionString', options.connectionString);
  optionalObjectWith('pool', options.pool, ['connect', 'query', 'end'], 'a pg Pool');
  if ((options.connectionString === undefined) === (options.pool === undefined)) throw invalidOption('connectionString', options.connectionString, 'exactly one of connectionString and pool');
  const maxConnections = numberOption('maxConnections', options.maxConnections, 10, { min: 1, max: 1_000, integer: true });
  if (options.pool !== undefined) return { pool: options.pool, owned: false, schema };
  const pool = new pg.Pool({ connectionString: options.connectionString, max: maxConnections, types: numericTypes });
  pool.on('error', () => undefined); // idle client errors surface on the next query
  return { pool, owned: true, schema };
}

/**
 * Creates the schema and applies the saga migrations not yet applied (idempotent; safe to run
 * from several processes at once: an advisory lock serialises them).
 *
 * @example
 * ```ts
 * await migratePostgresSaga(pool, 'app', runtime.clock.nowMs());
 * ```
 */
export async function migratePostgresSaga(pool: Pool, schema: string, nowMs: number): Promise<void> {
  const s = sqlIdentifier('schema', schema);
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${s}.saga_migrations`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.saga_migrations (version integer PRIMARY KEY, applied_at_ms bigint NOT NULL)`);
    const applied = new Set((await client.query<{ version: number }>(`SELECT version FROM ${s}.saga_migrations`)).rows.map((row) => row.version));
    for (const migration of postgresSagaMigrations(s)) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${s}.saga_migrations (version, applied_at_ms) VALUES ($1, $2)`, [migration.version, nowMs]);
    }
  });
}

/**
 * Runs `work` in a transaction on one pooled client: COMMIT on success, ROLLBACK on error. A
 * connection lost on the way (terminated, reset, closed) is a `StoreUnavailableError` with outcome
 * `unknown` (the COMMIT may have reached the server); the broken client leaves the pool.
 */
export function inTransaction<T>(pool: Pool, work: (client: ClientBase) => Promise<T>, what = 'PostgreSQL saga store'): Promise<T> {
  return withPooledClient(
    pool,
    async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined); // a broken connection is reported by the error itself
        throw error;
      }
    },
    { what },
  );
}
