// Issue 20, items 1 and 14: the PostgreSQL event store under connection loss (backend terminated
// during a query or while idle in a transaction, connection reset mid-request, server restarted).
// Each gives StoreUnavailableError with its outcome; the process lives, the pool recovers, and
// every acknowledged append is still there.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { startTcpProxy } from '../../testing/tcp-proxy.js';
import { StoreUnavailableError } from '../errors.js';
import { PostgresEventStore } from './postgres-event-store.js';

const postgres = await findService('postgres');
const run = `pacelc_es_fault_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
const runtime = createSystemRuntime({ seed: 20 });

function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe.skipIf(!postgres)('PostgreSQL event store under faults', () => {
  const url = postgres?.url as string;
  const target = { host: postgres?.host as string, port: postgres?.port as number };
  const schema = `${run}_s`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('a backend terminated during a query or idle inside a transaction gives StoreUnavailableError (unknown); the pool stays healthy', async () => {
    const store = await PostgresEventStore.create({ connectionString: url, schema, maxConnections: 2, notify: false });
    const acknowledged = await store.append('acct-1', [{ type: 'Opened', data: {} }]);
    const during = await failure(store.transaction((client) => client.query('SELECT pg_terminate_backend(pg_backend_pid())')));
    expect(during).toBeInstanceOf(StoreUnavailableError);
    expect(during).toMatchObject({ code: 'STORE_UNAVAILABLE', outcome: 'unknown' });
    const killer = new pg.Client({ connectionString: url });
    await killer.connect();
    const idle = await failure(
      store.transaction(async (client) => {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await killer.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
        await runtime.sleep(100); // pg emits 'error' on the checked-out client while no query runs
      }),
    );
    await killer.end();
    expect(idle).toBeInstanceOf(StoreUnavailableError);
    expect(idle).toMatchObject({ outcome: 'unknown' });
    for (let index = 0; index < 4; index++) await store.append('acct-1', [{ type: 'Deposited', data: { index } }]);
    const events = await store.readStream('acct-1');
    expect(events.map((event) => event.type)).toEqual(['Opened', 'Deposited', 'Deposited', 'Deposited', 'Deposited']);
    expect(events[0]?.position).toBe(acknowledged.position);
    await store.close();
  });

  it('an append whose connection is reset mid-request is unknown, a retry with the same id is idempotent, and a restarted server is reached again', async () => {
    const proxy = await startTcpProxy({ target });
    const store = await PostgresEventStore.create({ connectionString: `postgres://postgres@${proxy.host}:${proxy.port}/postgres`, schema, maxConnections: 2, notify: false });
    await store.append('acct-2', [{ id: 'e-1', type: 'Opened', data: {} }]);
    proxy.setLatency(200);
    const pending = store.append('acct-2', [{ id: 'e-2', type: 'Deposited', data: { amount: 5 } }]);
    await runtime.sleep(50);
    proxy.cutConnections();
    const error = await failure(pending);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ outcome: 'unknown' });
    proxy.heal();
    await store.append('acct-2', [{ id: 'e-2', type: 'Deposited', data: { amount: 5 } }]); // the retry the unknown outcome calls for
    expect((await store.readStream('acct-2')).map((event) => event.id)).toEqual(['e-1', 'e-2']);
    proxy.setMode('refuse');
    proxy.cutConnections();
    await runtime.sleep(50); // the pool sees its idle connections close
    const down = await failure(store.append('acct-2', [{ id: 'e-3', type: 'Deposited', data: {} }]));
    expect(down).toBeInstanceOf(StoreUnavailableError);
    expect(down).toMatchObject({ outcome: 'definite' });
    proxy.heal();
    await store.append('acct-2', [{ id: 'e-3', type: 'Deposited', data: {} }]);
    expect((await store.readStream('acct-2')).map((event) => event.id)).toEqual(['e-1', 'e-2', 'e-3']);
    await store.close();
    await proxy.close();
  });
});
