// Event store throughput: pacelc's memory, SQLite and PostgreSQL stores against emmett (in-memory
// and PostgreSQL; emmett-sqlite cannot be installed: its peer @event-driven-io/emmett@0.42.4 is
// not published). Appends (single events and batches of 100, 1 and 8 writers), stream reads, a
// catch-up subscription over 1,000,000 events, and projection throughput. PostgreSQL runs in a
// scratch database created and dropped by the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInMemoryEventStore, type EventStore as EmmettEventStore } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, postgreSQLEventStoreConsumer } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { MemoryEventStore, startProjection, subscribe, type EventStore, type EventToAppend } from '../src/eventsourcing/index.js';
import { PostgresEventStore } from '../src/eventsourcing/postgres/index.js';
import { SqliteEventStore } from '../src/eventsourcing/sqlite/index.js';
import { createSystemRuntime } from '../src/runtime/index.js';
import { serviceAddress, isReachable } from '../src/testing/services.js';
import { type BenchSuite, type BenchTable, formatNumber, median } from './harness.js';

interface Subject {
  readonly name: string;
  readonly subject: boolean;
  append(stream: string, events: readonly EventToAppend[]): Promise<unknown>;
  read(stream: string): Promise<number>;
}

const now = (): bigint => process.hrtime.bigint();
const seconds = (start: bigint): number => Number(now() - start) / 1e9;

function orderEvents(count: number, seed: number): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => ({ type: index % 5 === 0 ? 'OrderPlaced' : 'ItemAdded', data: { orderId: `o-${seed}`, sku: `sku-${index % 97}`, quantity: 1 + (index % 3), priceCents: 999 } }));
}

function pacelc(name: string, store: EventStore): Subject {
  return { name, subject: true, append: (stream, events) => store.append(stream, events), read: async (stream) => (await store.readStream(stream)).length };
}

function emmett(name: string, store: EmmettEventStore): Subject {
  return {
    name,
    subject: false,
    append: (stream, events) => store.appendToStream(stream, events.map((event) => ({ type: event.type, data: event.data as Record<string, unknown> }))),
    read: async (stream) => (await store.readStream(stream)).events.length,
  };
}

let unique = 0;

/** Events/s of `writers` concurrent writers each making `appends` appends of `batch` events. */
async function appendRate(subject: Subject, writers: number, appends: number, batch: number): Promise<number> {
  const run = ++unique;
  const start = now();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let index = 0; index < appends; index++) await subject.append(`order-${run}w${writer}s${index % 20}`, orderEvents(batch, index));
    }),
  );
  return (writers * appends * batch) / seconds(start);
}

/** Runs each case `rounds` times, interleaved, and returns the median rate per case. */
async function rates(subjects: readonly Subject[], rounds: number, measure: (subject: Subject) => Promise<number>): Promise<Map<Subject, number>> {
  const samples = new Map<Subject, number[]>(subjects.map((subject) => [subject, []]));
  for (let round = 0; round < rounds; round++) for (const subject of subjects) samples.get(subject)?.push(await measure(subject));
  return new Map([...samples].map(([subject, values]) => [subject, median(values)]));
}

function rateTable(title: string, unit: string, results: Map<Subject, number>, notes: readonly string[]): BenchTable {
  const rows: string[][] = [];
  const entries = [...results];
  for (const [subject, rate] of entries) {
    const peer = subject.subject ? entries.find(([other]) => !other.subject && other.name.split(' ')[1] === subject.name.split(' ')[1]) : undefined;
    rows.push([subject.subject ? `**${subject.name}**` : subject.name, formatNumber(rate), peer === undefined ? '' : `${(rate / peer[1]).toFixed(2)}x`]);
  }
  return { title, columns: ['implementation', unit, 'vs emmett on the same engine'], rows, notes };
}

const suite: BenchSuite = {
  name: 'eventsourcing',
  description: 'Event store appends, reads, catch-up and projections: pacelc memory/SQLite/PostgreSQL against emmett (in-memory, PostgreSQL).',
  async run(context) {
    const quick = context.quick;
    const rounds = quick ? 1 : 3;
    const size = quick
      ? { singles: 20, singlesPerWriter: 5, batches: 2, batchesPerWriter: 1, streamLength: 200, reads: 3, catchUp: 2_000, projected: 1_000 }
      : { singles: 1_000, singlesPerWriter: 250, batches: 100, batchesPerWriter: 25, streamLength: 1_000, reads: 50, catchUp: 1_000_000, projected: 100_000 };
    const notes = [
      `Machine shared with other jobs running tests and builds at the same time (2 cores): figures are indicative; ratios come from interleaved rounds (median of ${rounds}).`,
      'emmett-sqlite is not measured: it cannot be installed from the registry (its peer @event-driven-io/emmett@0.42.4 is not published).',
    ];
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-es-bench-'));
    const postgres = serviceAddress('postgres');
    const hasPostgres = await isReachable(postgres);
    const database = `pacelc_bench_es_${process.pid}`;
    const admin = hasPostgres ? new pg.Client({ connectionString: postgres.url }) : undefined;
    const closers: Array<() => Promise<void>> = [];
    const tables: BenchTable[] = [];
    try {
      const memory = new MemoryEventStore();
      const sqlite = new SqliteEventStore({ filename: join(directory, 'bench.db') });
      closers.push(() => sqlite.close());
      const subjects: Subject[] = [pacelc('pacelc memory', memory), emmett('emmett memory', getInMemoryEventStore()), pacelc('pacelc SQLite', sqlite)];
      let url = '';
      if (admin !== undefined) {
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${database}`);
        await admin.query(`CREATE DATABASE ${database}`);
        const parsed = new URL(postgres.url);
        parsed.pathname = `/${database}`;
        url = parsed.toString();
        const store = await PostgresEventStore.create({ connectionString: url, schema: 'pacelc_bench', maxConnections: 10 });
        closers.push(() => store.close());
        const peer = getPostgreSQLEventStore(url);
        closers.push(() => peer.close());
        subjects.push(pacelc('pacelc PostgreSQL', store), emmett('emmett PostgreSQL', peer));
      } else {
        notes.push(`PostgreSQL was not reachable at ${postgres.host}:${postgres.port}: its rows are missing.`);
      }
      context.log('appends: single events, 1 writer');
      tables.push(rateTable('Appends, 1 event per append, 1 writer', 'events/s', await rates(subjects, rounds, (subject) => appendRate(subject, 1, size.singles, 1)), notes));
      context.log('appends: single events, 8 writers');
      tables.push(rateTable('Appends, 1 event per append, 8 concurrent writers', 'events/s', await rates(subjects, rounds, (subject) => appendRate(subject, 8, size.singlesPerWriter, 1)), []));
      context.log('appends: batches of 100, 1 writer');
      tables.push(rateTable('Appends, batches of 100 events, 1 writer', 'events/s', await rates(subjects, rounds, (subject) => appendRate(subject, 1, size.batches, 100)), []));
      context.log('appends: batches of 100, 8 writers');
      tables.push(rateTable('Appends, batches of 100 events, 8 concurrent writers', 'events/s', await rates(subjects, rounds, (subject) => appendRate(subject, 8, size.batchesPerWriter, 100)), ['The 8 writers are async tasks in one process sharing the store (a pool of 10 connections for PostgreSQL; SQLite serialises writers by design).']));
      context.log('stream reads');
      for (const subject of subjects) for (let index = 0; index < size.streamLength; index += 100) await subject.append(`read-${subject.name}`, orderEvents(100, index));
      tables.push(
        rateTable(
          `Stream reads: a ${size.streamLength}-event stream, read whole`,
          'events/s',
          await rates(subjects, rounds, async (subject) => {
            const start = now();
            let read = 0;
            for (let index = 0; index < size.reads; index++) read += await subject.read(`read-${subject.name}`);
            return read / seconds(start);
          }),
          [],
        ),
      );
      if (admin !== undefined) {
        tables.push(...(await catchUpAndProjections(url, size.catchUp, size.projected, context.log)));
      }
      tables.push(...(await sqliteCatchUp(directory, size.catchUp, size.projected, context.log)));
      return tables;
    } finally {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      if (admin !== undefined) {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
        await admin.end();
      }
      rmSync(directory, { recursive: true, force: true });
    }
  },
};

async function load(append: (stream: string, events: readonly EventToAppend[]) => Promise<unknown>, total: number): Promise<number> {
  const start = now();
  const perWriter = Math.ceil(total / 1_000 / 4);
  await Promise.all(Array.from({ length: 4 }, async (_, writer) => {
    for (let index = 0; index < perWriter; index++) await append(`load-${writer}-${index % 100}`, orderEvents(1_000, index));
  }));
  return (perWriter * 4 * 1_000) / seconds(start);
}

async function catchUpAndProjections(url: string, total: number, projected: number, log: (line: string) => void): Promise<BenchTable[]> {
  const runtime = createSystemRuntime({ seed: 1 });
  const ours = await PostgresEventStore.create({ connectionString: url, schema: 'pacelc_catchup', maxConnections: 6 });
  const peer = getPostgreSQLEventStore(url);
  try {
    log(`catch-up: loading ${total} events into each PostgreSQL store`);
    const loadOurs = await load((stream, events) => ours.append(stream, events), total);
    const loadPeer = await load((stream, events) => peer.appendToStream(`c${stream}`, events.map((event) => ({ type: event.type, data: event.data as Record<string, unknown> }))), total);
    const head = await ours.headCursor();

    log('catch-up: pacelc subscription');
    let seen = 0;
    let start = now();
    const subscription = subscribe(ours, { id: 'catch-up', runtime, batchSize: 5_000, handler: () => void seen++ });
    await subscription.waitForPosition(head, { timeoutMs: 3_600_000 });
    const oursRate = seen / seconds(start);
    await subscription.stop();

    log('catch-up: emmett consumer');
    let peerSeen = 0;
    start = now();
    const consumer = postgreSQLEventStoreConsumer({ connectionString: url, stopWhen: { noMessagesLeft: true }, pulling: { batchSize: 5_000 } });
    consumer.reactor({ processorId: 'catch-up', eachMessage: () => void peerSeen++ });
    await consumer.start();
    const peerRate = peerSeen / seconds(start);
    await consumer.close();

    log('projections: pacelc async projection vs emmett reactor, each upserting one row per event');
    const projection = await startProjection(ours, {
      name: 'order_lines',
      setup: async (client, table) => void (await client.query(`CREATE TABLE IF NOT EXISTS ${table} (order_id text, sku text, quantity int, PRIMARY KEY (order_id, sku))`)),
      apply: async (event, client, table) => {
        const data = event.data as { orderId: string; sku: string; quantity: number };
        await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3) ON CONFLICT (order_id, sku) DO UPDATE SET quantity = ${table}.quantity + excluded.quantity`, [`${event.streamId}:${data.orderId}`, data.sku, data.quantity]);
      },
    }, { runtime, batchSize: 1_000 });
    // time only the first `projected` events of the loaded history
    start = now();
    const target = (await ours.readAll({ maxCount: Math.min(projected, 100_000) })).at(-1) ?? head;
    await projection.waitForPosition(target, { timeoutMs: 3_600_000 });
    const oursProjected = projection.subscription.stats.handled / seconds(start);
    await projection.stop();

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE IF NOT EXISTS emmett_order_lines (order_id text, sku text, quantity int, PRIMARY KEY (order_id, sku))');
    await client.end();
    let peerProjected = 0;
    start = now();
    const projector = postgreSQLEventStoreConsumer({ connectionString: url, pulling: { batchSize: 1_000 } });
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    projector.reactor({
      processorId: 'projection',
      eachMessage: async (message, handlerContext) => {
        const data = message.data as { orderId: string; sku: string; quantity: number };
        await handlerContext.connection.client.query(`INSERT INTO emmett_order_lines VALUES ($1, $2, $3) ON CONFLICT (order_id, sku) DO UPDATE SET quantity = emmett_order_lines.quantity + excluded.quantity`, [`${message.metadata.streamName}:${data.orderId}`, data.sku, data.quantity]);
        if (++peerProjected === projected) finish();
      },
    });
    void projector.start();
    await done;
    const peerProjectedRate = peerProjected / seconds(start);
    await projector.stop();
    await projector.close();

    const mark = (rate: number, peerRate: number): string => `${(rate / peerRate).toFixed(2)}x`;
    return [
      {
        title: `PostgreSQL catch-up: a subscription reading ${total.toLocaleString('en-US')} stored events from position 0`,
        columns: ['implementation', 'events/s', 'vs emmett'],
        rows: [
          ['**pacelc subscription** (batches of 5,000, checkpoint per batch)', formatNumber(oursRate), mark(oursRate, peerRate)],
          ['emmett postgreSQLEventStoreConsumer reactor (batches of 5,000)', formatNumber(peerRate), ''],
        ],
        notes: [`Loading them (4 writers, batches of 1,000): pacelc ${formatNumber(loadOurs)} events/s, emmett ${formatNumber(loadPeer)} events/s.`],
      },
      {
        title: `PostgreSQL projection throughput: ${projected.toLocaleString('en-US')} events, one upsert per event, checkpointed`,
        columns: ['implementation', 'events/s', 'vs emmett'],
        rows: [
          ['**pacelc async projection** (upserts and checkpoint in one transaction per batch of 1,000)', formatNumber(oursProjected), mark(oursProjected, peerProjectedRate)],
          ['emmett reactor (batches of 1,000)', formatNumber(peerProjectedRate), ''],
        ],
        notes: [],
      },
    ];
  } finally {
    await ours.close();
    await peer.close();
  }
}

async function sqliteCatchUp(directory: string, total: number, projected: number, log: (line: string) => void): Promise<BenchTable[]> {
  const runtime = createSystemRuntime({ seed: 2 });
  const store = new SqliteEventStore({ filename: join(directory, 'catchup.db') });
  try {
    log(`catch-up: loading ${total} events into SQLite`);
    const loadRate = await load((stream, events) => store.append(stream, events), total);
    const head = await store.headCursor();
    let seen = 0;
    let start = now();
    const subscription = subscribe(store, { id: 'catch-up', runtime, batchSize: 5_000, handler: () => void seen++ });
    await subscription.waitForPosition(head, { timeoutMs: 3_600_000 });
    const rate = seen / seconds(start);
    await subscription.stop();
    start = now();
    const projection = await startProjection(store, {
      name: 'order_lines',
      setup: (db, table) => void db.exec(`CREATE TABLE IF NOT EXISTS ${table} (order_id TEXT, sku TEXT, quantity INTEGER, PRIMARY KEY (order_id, sku))`),
      apply: (event, db, table) => {
        const data = event.data as { orderId: string; sku: string; quantity: number };
        db.prepare(`INSERT INTO ${table} VALUES (?, ?, ?) ON CONFLICT (order_id, sku) DO UPDATE SET quantity = quantity + excluded.quantity`).run(`${event.streamId}:${data.orderId}`, data.sku, data.quantity);
      },
    }, { runtime, batchSize: 1_000 });
    const target = (await store.readAll({ maxCount: Math.min(projected, 100_000) })).at(-1) ?? head;
    await projection.waitForPosition(target, { timeoutMs: 3_600_000 });
    const projectedRate = projection.subscription.stats.handled / seconds(start);
    await projection.stop();
    return [
      {
        title: `SQLite catch-up and projection (no emmett peer installable)`,
        columns: ['measure', 'events/s'],
        rows: [
          [`load ${total.toLocaleString('en-US')} events (4 writers, batches of 1,000)`, formatNumber(loadRate)],
          [`**pacelc subscription** catch-up over ${total.toLocaleString('en-US')} events (batches of 5,000)`, formatNumber(rate)],
          [`**pacelc async projection**, ${projected.toLocaleString('en-US')} events, one upsert each`, formatNumber(projectedRate)],
        ],
        notes: [],
      },
    ];
  } finally {
    await store.close();
  }
}

export default suite;
