// Saga throughput: completed 3-step sagas per second on memory, SQLite (file, WAL) and PostgreSQL,
// with many sagas in flight; and outbox relay messages per second to NATS JetStream. Each saga is
// 4 persisted transitions (create + start step 1, complete 1 + start 2, complete 2 + start 3,
// complete 3 + completed). Services absent → their rows say so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { defineSaga, MemorySagaStore, OutboxRelay, SagaOrchestrator, type SagaStore } from '../src/saga/index.js';
import { JetStreamBus } from '../src/saga/nats/index.js';
import { PostgresSagaStore } from '../src/saga/postgres/index.js';
import { SqliteOutbox, SqliteSagaStore } from '../src/saga/sqlite/index.js';
import { findService } from '../src/testing/services.js';
import { formatNumber, type BenchSuite, type BenchTable } from './harness.js';

const saga = defineSaga<{ amount: number }>({
  name: 'order',
  steps: [
    { name: 'charge', action: ({ input }) => ({ charged: input.amount }), compensate: () => undefined },
    { name: 'reserve', action: () => ({ reserved: 1 }), compensate: () => undefined },
    { name: 'ship', action: () => ({ shipped: true }) },
  ],
});

/** Runs `count` sagas with `inFlight` at once; returns completed sagas per second. */
async function sagasPerSecond(store: SagaStore, count: number, inFlight: number, prefix: string): Promise<number> {
  const orchestrator = new SagaOrchestrator({ store, definitions: [saga] });
  let next = 0;
  let completed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let n = next++; n < count; n = next++) {
        const done = await orchestrator.run('order', { id: `${prefix}-${n}`, input: { amount: 10 } });
        if (done.state.status === 'completed') completed++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await orchestrator.close();
  if (completed !== count) throw new Error(`only ${completed} of ${count} sagas completed`);
  return count / seconds;
}

const suite: BenchSuite = {
  name: 'saga',
  description: 'completed 3-step sagas/s (memory, SQLite, PostgreSQL) and outbox relay messages/s to NATS JetStream',
  async run(context) {
    const count = context.quick ? 200 : 20_000;
    const rows: string[][] = [];
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-saga-bench-'));
    const postgres = await findService('postgres');
    const nats = await findService('nats');
    try {
      for (const inFlight of [1, 64]) {
        const memory = await sagasPerSecond(new MemorySagaStore(), count, inFlight, `m${inFlight}`);
        rows.push(['memory', String(inFlight), formatNumber(Math.round(memory))]);
        const sqlite = new SqliteSagaStore({ filename: join(directory, `sagas-${inFlight}.db`) });
        rows.push(['SQLite (file, WAL, synchronous=NORMAL)', String(inFlight), formatNumber(Math.round(await sagasPerSecond(sqlite, count, inFlight, `s${inFlight}`)))]);
        await sqlite.close();
        if (postgres !== undefined) {
          const schema = `pacelc_saga_bench_${process.pid}`;
          const store = await PostgresSagaStore.create({ connectionString: postgres.url, schema, maxConnections: 16 });
          try {
            rows.push(['PostgreSQL (local, 16 connections)', String(inFlight), formatNumber(Math.round(await sagasPerSecond(store, context.quick ? 100 : Math.min(count, 5_000), inFlight, `p${inFlight}`)))]);
          } finally {
            await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await store.close();
          }
        } else rows.push(['PostgreSQL', String(inFlight), 'not reachable']);
      }
      const tables: BenchTable[] = [
        {
          title: 'Completed 3-step sagas per second (4 persisted transitions each)',
          columns: ['store', 'sagas in flight', 'sagas/s'],
          rows,
          notes: ['Goal (issue 7): at least 2,000 sagas/s on SQLite.', 'Shared 2-core machine with other jobs running tests: figures are noisy, compare within a run.'],
        },
      ];
      const relayRows: string[][] = [];
      if (nats !== undefined) {
        const connection = await connect({ servers: `${nats.host}:${nats.port}` });
        const unique = `${process.pid}_${Math.floor(Math.random() * 1e6)}`;
        const bus = await JetStreamBus.create({ connection, stream: `SAGA_BENCH_${unique}`, subjectPrefix: `bench${unique}` });
        try {
          const messages = context.quick ? 500 : 20_000;
          for (const [batchSize, concurrency] of [[500, 1], [500, 64]] as const) {
            const outbox = new SqliteOutbox({ filename: join(directory, `outbox-${concurrency}.db`) });
            for (let i = 0; i < messages; i += 500) {
              outbox.transaction(({ enqueue }) => {
                for (let j = i; j < Math.min(i + 500, messages); j++) enqueue({ id: `${concurrency}-${j}`, subject: 'orders.placed', type: 'OrderPlaced', aggregateId: `order-${j % 1_000}`, payload: { n: j, total: 30 } });
              });
            }
            const relay = new OutboxRelay({ outbox, bus, batchSize, concurrency });
            const started = process.hrtime.bigint();
            const sent = await relay.drain();
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            if (sent !== messages) throw new Error(`relayed ${sent} of ${messages}`);
            relayRows.push([`SQLite outbox → JetStream (batch ${batchSize}, ${concurrency} aggregates at once)`, formatNumber(messages), formatNumber(Math.round(messages / seconds))]);
            outbox.close();
          }
        } finally {
          await bus.deleteStream();
          await connection.close();
        }
      } else relayRows.push(['SQLite outbox → JetStream', '-', 'NATS not reachable']);
      tables.push({
        title: 'Outbox relay to NATS JetStream (publish acknowledged by the stream, then marked sent)',
        columns: ['relay', 'messages', 'messages/s'],
        rows: relayRows,
        notes: ['Per-aggregate order kept: one aggregate publishes one message at a time.', 'Shared machine: noisy figures.'],
      });
      return tables;
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
};

export default suite;
