import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findService } from '../../testing/services.js';
import { sagaStoreContract } from '../saga-store.contract.js';
import { PostgresSagaStore } from './postgres-saga-store.js';
import { postgresSagaMigrations } from './schema.js';

const postgres = await findService('postgres');
const run = `pacelc_saga_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
let counter = 0;

describe.skipIf(!postgres)('PostgreSQL saga store', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    const client = new pg.Client({ connectionString: postgres?.url });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  sagaStoreContract('postgres', async () => {
    const schema = `${run}_${++counter}`;
    schemas.push(schema);
    const store = await PostgresSagaStore.create({ connectionString: postgres?.url as string, schema, maxConnections: 4 });
    return {
      store,
      reopen: () => PostgresSagaStore.create({ connectionString: postgres?.url as string, schema, maxConnections: 2 }),
      dispose: () => store.close(),
    };
  });

  it('migrates idempotently from two stores at once, and refuses bad schema names', async () => {
    const schema = `${run}_migrate`;
    schemas.push(schema);
    const stores = await Promise.all([0, 1].map(() => PostgresSagaStore.create({ connectionString: postgres?.url as string, schema, maxConnections: 1 })));
    for (const store of stores) await store.close();
    expect(postgresSagaMigrations('app')[0]?.sql).toContain('app.commit_saga_transition');
    expect(() => new PostgresSagaStore({ connectionString: postgres?.url as string, schema: 'x"; DROP' })).toThrow(RangeError);
  });
});
