// Issue 20, items 1, 2 and 14: the PostgreSQL saga store, outbox and inbox under connection loss
// (backend terminated, connection reset mid-request, server restarted) and poison sagas in a batch.
// Each fault gives a typed error with its outcome; the process lives, the pool recovers, nothing
// acknowledged is lost.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../eventsourcing/errors.js';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { startTcpProxy } from '../../testing/tcp-proxy.js';
import { SagaUnstorableError } from '../errors.js';
import type { SagaRecord } from '../types.js';
import { PostgresInbox, PostgresOutbox } from './postgres-outbox.js';
import { PostgresSagaStore } from './postgres-saga-store.js';

const postgres = await findService('postgres');
const run = `pacelc_saga_fault_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
const runtime = createSystemRuntime({ seed: 20 });

function record(id: string, input: unknown): SagaRecord {
  return { id, name: 'order', input, state: { status: 'running', stage: 0, started: ['a'], completed: [] }, outputs: {}, version: 1, createdAtMs: 1, updatedAtMs: 1, deadlineAtMs: undefined };
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe.skipIf(!postgres)('PostgreSQL saga adapters under faults', () => {
  const url = postgres?.url as string;
  const target = { host: postgres?.host as string, port: postgres?.port as number };
  const schema = `${run}_s`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('refuses a saga with a BigInt or a NUL alone: the other sagas of the same batch are committed', async () => {
    const store = await PostgresSagaStore.create({ connectionString: url, schema, maxConnections: 2 });
    const inputs: unknown[] = Array.from({ length: 20 }, (_, index) => ({ index }));
    inputs[3] = { amount: 10n };
    inputs[7] = { note: 'a\u0000b' };
    inputs[11] = { note: '\ud800' };
    const results = await Promise.allSettled(inputs.map((input, index) => store.commit({ record: record(`batch-${index}`, input), expectedVersion: 0 })));
    const refused = results.flatMap((result, index) => (result.status === 'rejected' ? [index] : []));
    expect(refused).toEqual([3, 7, 11]);
    for (const index of refused) expect((results[index] as PromiseRejectedResult).reason).toBeInstanceOf(SagaUnstorableError);
    expect((results[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'SAGA_UNSTORABLE', outcome: 'definite', sagaId: 'batch-3' });
    expect((await store.list({ limit: 100 })).filter((saga) => saga.id.startsWith('batch-'))).toHaveLength(17);
    await store.close();
  });

  it('a transition whose response is lost (connection reset mid-request) fails with outcome unknown; the store recovers and keeps what was acknowledged', async () => {
    const proxy = await startTcpProxy({ target });
    const store = await PostgresSagaStore.create({ connectionString: `postgres://postgres@${proxy.host}:${proxy.port}/postgres`, schema, maxConnections: 2 });
    await store.commit({ record: record('lost-0', null), expectedVersion: 0 });
    proxy.setLatency(200);
    const pending = store.commit({ record: record('lost-1', null), expectedVersion: 0 });
    await runtime.sleep(50);
    proxy.cutConnections();
    const error = await failure(pending);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', outcome: 'unknown' });
    proxy.heal();
    await store.commit({ record: record('lost-2', null), expectedVersion: 0 });
    expect((await store.load('lost-0'))?.id).toBe('lost-0');
    expect((await store.load('lost-2'))?.id).toBe('lost-2');
    // server restarted: every connection cut and refused for a while, then back
    proxy.setMode('refuse');
    proxy.cutConnections();
    expect(await failure(store.commit({ record: record('down-1', null), expectedVersion: 0 }))).toBeInstanceOf(Error);
    proxy.heal();
    await store.commit({ record: record('down-2', null), expectedVersion: 0 });
    expect((await store.load('down-2'))?.id).toBe('down-2');
    await store.close();
    await proxy.close();
  });

  it('an outbox transaction whose backend is terminated (during a query, or idle between queries) fails with outcome unknown; nothing half-written; the pool is healthy', async () => {
    const outbox = await PostgresOutbox.create({ connectionString: url, schema, maxConnections: 2 });
    const during = await failure(
      outbox.transaction(async ({ client, enqueue }) => {
        await enqueue({ subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o-1', payload: {} });
        await client.query('SELECT pg_terminate_backend(pg_backend_pid())');
      }),
    );
    expect(during).toBeInstanceOf(StoreUnavailableError);
    expect(during).toMatchObject({ outcome: 'unknown' });
    const killer = new pg.Client({ connectionString: url });
    await killer.connect();
    const idle = await failure(
      outbox.transaction(async ({ client, enqueue }) => {
        await enqueue({ subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o-2', payload: {} });
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await killer.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
        await runtime.sleep(100); // the 'error' event arrives while no query runs
      }),
    );
    await killer.end();
    expect(idle).toBeInstanceOf(StoreUnavailableError);
    expect(idle).toMatchObject({ outcome: 'unknown' });
    for (let index = 0; index < 4; index++) await outbox.transaction(({ enqueue }) => enqueue({ subject: 'orders.placed', type: 'OrderPlaced', aggregateId: `ok-${index}`, payload: {} }));
    // pending() is commit-safe: it shows rows only once every older transaction on the server has
    // ended, and the shared server runs other suites' transactions too — so wait until it does.
    let pending = await outbox.pending(100);
    for (let attempt = 0; attempt < 200 && pending.length < 4; attempt++) {
      await runtime.sleep(25);
      pending = await outbox.pending(100);
    }
    expect(pending.map((message) => message.aggregateId)).toEqual(['ok-0', 'ok-1', 'ok-2', 'ok-3']);
    await outbox.close();
  });

  it('an inbox handler whose connection is reset mid-request fails with outcome unknown, and the redelivery is processed once', async () => {
    const proxy = await startTcpProxy({ target });
    const inbox = await PostgresInbox.create({ connectionString: `postgres://postgres@${proxy.host}:${proxy.port}/postgres`, schema, maxConnections: 2 });
    const error = await failure(
      inbox.handle('payments', 'm-1', async (client) => {
        proxy.setLatency(200);
        const query = client.query('SELECT 1');
        await runtime.sleep(50);
        proxy.cutConnections();
        await query;
      }),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ outcome: 'unknown' });
    proxy.heal();
    expect(await inbox.handle('payments', 'm-1', async () => 'charged')).toEqual({ status: 'processed', result: 'charged' });
    expect(await inbox.handle('payments', 'm-1', async () => 'charged twice')).toEqual({ status: 'duplicate' });
    await inbox.close();
    await proxy.close();
  });
});
