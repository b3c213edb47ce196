// Issue 6 reliability on PostgreSQL: writer processes, a subscriber meanwhile, a writer killed
// mid-append, and the case that breaks position-based readers: a slow transaction that took an
// earlier position commits after later ones. PACELC_ES_FULL=1 runs the full 8 × 10,000 events.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { subscribe } from '../subscription.js';
import { concurrentWritersScenario, eventsPerWriter, killedWriterScenario } from '../testing/reliability.js';
import type { RecordedEvent } from '../types.js';
import { PostgresEventStore } from './postgres-event-store.js';

const postgres = await findService('postgres');
const run = `pacelc_es_rel_${process.pid}_${Math.floor(Math.random() * 1e6)}`;

describe.skipIf(!postgres)('PostgreSQL event store reliability', () => {
  const url = postgres?.url as string;
  const schemas: string[] = [];
  async function open(name: string): Promise<PostgresEventStore> {
    const schema = `${run}_${name}`;
    schemas.push(schema);
    return PostgresEventStore.create({ connectionString: url, schema, maxConnections: 4 });
  }
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('8 writer processes append to shared and own streams while a subscriber follows: nothing lost, duplicated or out of order', async () => {
    const store = await open('writers');
    await concurrentWritersScenario(store, { kind: 'postgres', url, schema: store.schema }, 8, eventsPerWriter(1_000));
    await store.close();
  }, 180_000);

  it('a writer killed with SIGKILL mid-append leaves no partial batch', async () => {
    const store = await open('killed');
    const { committed } = await killedWriterScenario(store, { kind: 'postgres', url, schema: store.schema }, 2_000);
    expect(committed).toBeGreaterThanOrEqual(3);
    await store.close();
  }, 60_000);

  it('never skips an event whose transaction took an earlier position but commits later', async () => {
    const store = await open('late');
    const runtime = createSystemRuntime({ seed: 5 });
    const seen: RecordedEvent[] = [];
    const subscription = subscribe(store, { id: 'late', runtime, pollIntervalMs: 10, handler: (event) => void seen.push(event) });
    await subscription.start();
    const slow = new pg.Client({ connectionString: url });
    await slow.connect();
    await slow.query('BEGIN');
    const events = JSON.stringify([{ id: 'slow-1', type: 'Slow', schemaVersion: 1, data: {}, metadata: {}, correlationId: null, causationId: null }]);
    const { rows } = await slow.query<{ last_position: string }>(`SELECT last_position FROM ${store.schema}.append_events('slow-1', 'slow', -1, $1, true, 0, true)`, [events]);
    const slowPosition = Number(rows[0]?.last_position);
    const fast = await store.append('fast-1', [{ type: 'Fast', data: {} }]);
    expect(fast.position).toBeGreaterThan(slowPosition);
    // the fast event is committed with a later position, yet nobody may read past the open transaction
    for (let index = 0; index < 20; index++) await runtime.sleep(10);
    expect(seen).toEqual([]);
    expect(await store.readAll()).toEqual([]);
    const committed = new pg.Client({ connectionString: url });
    await committed.connect();
    const naive = await committed.query(`SELECT position FROM ${store.schema}.events ORDER BY position`);
    expect(naive.rows.map((row: { position: string }) => Number(row.position))).toEqual([fast.position]); // a position-based reader would now move past slowPosition
    await committed.end();
    await slow.query('COMMIT');
    await slow.end();
    await subscription.waitForPosition(fast, { timeoutMs: 10_000 });
    expect(seen.map((event) => event.type)).toEqual(['Slow', 'Fast']);
    await subscription.stop();
    await store.close();
  });
});
