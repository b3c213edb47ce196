import type { ClientBase } from 'pg';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findService } from '../../testing/services.js';
import { StoreUnavailableError } from '../errors.js';
import { eventStoreContract, type KeyValueTables } from '../event-store.contract.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { postgresSchemaSql } from './schema.js';

const postgres = await findService('postgres');
const run = `pacelc_es_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
let counter = 0;

function keyValueTables(store: PostgresEventStore): KeyValueTables<ClientBase> {
  const s = store.schema;
  return {
    setup: async (client, table) => void (await client.query(`CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, value double precision NOT NULL)`)),
    put: async (client, table, key, value) => void (await client.query(`INSERT INTO ${table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value])),
    get: async (table, key) => (await store.pool.query<{ value: number }>(`SELECT value FROM ${s}.${table} WHERE key = $1`, [key])).rows[0]?.value,
    count: async (table) => Number((await store.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.${table}`)).rows[0]?.n),
  };
}

describe.skipIf(!postgres)('PostgreSQL event store', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    const client = new pg.Client({ connectionString: postgres?.url });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  eventStoreContract<ClientBase>('postgres', async (options) => {
    const schema = `${run}_${++counter}`;
    schemas.push(schema);
    const store = await PostgresEventStore.create({ ...options, connectionString: postgres?.url as string, schema, maxConnections: 4 });
    return { store, tables: keyValueTables(store), dispose: () => store.close() };
  });

  it('prints its schema as SQL with the transaction-id column and safe append function, and refuses bad schema names', () => {
    const sql = postgresSchemaSql('es');
    expect(sql).toContain('transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id()');
    expect(sql).toContain('pg_advisory_xact_lock');
    expect(() => postgresSchemaSql('es; DROP SCHEMA public')).toThrow(RangeError);
    expect(() => new PostgresEventStore({ connectionString: postgres?.url as string, schema: 'Robert"); --' })).toThrow(RangeError);
  });

  it('migrates idempotently, even from two stores at once', async () => {
    const schema = `${run}_migrate`;
    schemas.push(schema);
    const [a, b] = await Promise.all([0, 1].map(() => PostgresEventStore.create({ connectionString: postgres?.url as string, schema, maxConnections: 2 })));
    await a?.append('s-1', [{ type: 'E', data: 1 }]);
    await b?.migrate();
    expect(await b?.streamVersion('s-1')).toBe(1);
    await a?.close();
    await b?.close();
  });
});

describe('PostgreSQL event store without a server', () => {
  it('reports a refused connection as StoreUnavailableError with a definite outcome', async () => {
    const error = await PostgresEventStore.create({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', outcome: 'definite' });
  });
});
