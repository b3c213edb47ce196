// Test support (not shipped): a writer process for the reliability tests. Run with
// `node --import tsx append-worker.ts '<json>'`.
//   mode "write": appends `events` events in batches of `batchSize`, alternating between the shared
//   stream (expected version 'any') and its own stream (exact expected version); prints a summary.
//   mode "flood": appends batches of `batchSize` events to fresh streams `kill-<n>` forever,
//   printing "ok <n>" after each commit, until it is killed.
import type { EventStore } from '../event-store.js';

interface Config {
  readonly kind: 'sqlite' | 'postgres';
  readonly filename?: string;
  readonly url?: string;
  readonly schema?: string;
  readonly mode: 'write' | 'flood';
  readonly writer: number;
  readonly events: number;
  readonly batchSize: number;
}

const config = JSON.parse(process.argv[2] as string) as Config;

async function open(): Promise<EventStore> {
  if (config.kind === 'sqlite') {
    const { SqliteEventStore } = await import('../sqlite/sqlite-event-store.js');
    return new SqliteEventStore({ filename: config.filename as string, busyTimeoutMs: 60_000 });
  }
  const { PostgresEventStore } = await import('../postgres/postgres-event-store.js');
  return PostgresEventStore.create({ connectionString: config.url as string, schema: config.schema as string, maxConnections: 2 });
}

const store = await open();
const payload = 'x'.repeat(200);
if (config.mode === 'write') {
  let ownVersion = 0;
  let appended = 0;
  for (let batch = 0; appended < config.events; batch++) {
    const size = Math.min(config.batchSize, config.events - appended);
    const events = Array.from({ length: size }, (_, index) => ({ type: 'Written', id: `w${config.writer}-${appended + index}`, data: { writer: config.writer, n: appended + index } }));
    if (batch % 2 === 0) {
      await store.append('shared-0', events, { expectedVersion: 'any' });
    } else {
      const result = await store.append(`writer-${config.writer}`, events, { expectedVersion: ownVersion === 0 ? 'no_stream' : ownVersion });
      ownVersion = result.nextExpectedVersion;
    }
    appended += size;
  }
  process.stdout.write(`${JSON.stringify({ writer: config.writer, appended })}\n`);
  await store.close();
} else {
  for (let batch = 0; ; batch++) {
    const events = Array.from({ length: config.batchSize }, (_, index) => ({ type: 'Flood', data: { batch, index, payload } }));
    await store.append(`kill-${config.writer}-${batch}`, events, { expectedVersion: 'no_stream' });
    process.stdout.write(`ok ${batch}\n`);
  }
}
