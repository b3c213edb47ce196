// Test support (not shipped): a process that runs order sagas on a SQLite file with fake services
// in the same file, to be killed with SIGKILL at random points (src/saga/sqlite/sqlite-reliability.test.ts).
//   mode 'run':    resume in-flight sagas, then start new ones (ids s-<run>-<n>) until killed
//   mode 'finish': resume in-flight sagas, wait for them all, exit 0
//   mode 'relay':  relay the outbox to NATS JetStream until killed (or drained, with finish=true)
import { constantBackoff } from '../../resilience/index.js';
import { createSystemRuntime } from '../../runtime/index.js';
import { defineSaga } from '../definition.js';
import { SagaOrchestrator } from '../orchestrator.js';
import { OutboxRelay } from '../outbox-relay.js';
import { SqliteOutbox } from '../sqlite/sqlite-outbox.js';
import { SqliteSagaStore } from '../sqlite/sqlite-saga-store.js';
import { createServiceTables, failsAtShip } from './fake-services.js';

interface Config {
  readonly mode: 'run' | 'finish' | 'relay';
  readonly filename: string;
  readonly run?: number;
  readonly seed?: number;
  readonly concurrency?: number;
  readonly nats?: string;
  readonly stream?: string;
  readonly subjectPrefix?: string;
  readonly finish?: boolean;
}

async function main(config: Config): Promise<void> {
  const runtime = createSystemRuntime({ seed: config.seed ?? 1 });
  if (config.mode === 'relay') return relay(config);
  const store = new SqliteSagaStore({ filename: config.filename, runtime });
  const db = store.database;
  createServiceTables(db);
  const log = db.prepare('INSERT INTO apply_log (key, kind) VALUES (?, ?)');
  const effect = (work: () => void) => db.transaction(work).immediate();
  const pause = () => runtime.sleep(runtime.random.int(3));
  const saga = defineSaga<null>({
    name: 'order',
    steps: [
      {
        name: 'charge',
        action: async ({ idempotencyKey }) => {
          await pause();
          effect(() => {
            if (db.prepare('SELECT 1 FROM payments WHERE key = ?').get(idempotencyKey) !== undefined) return;
            db.prepare('INSERT INTO payments VALUES (?, 10, 0)').run(idempotencyKey);
            log.run(idempotencyKey, 'charge');
          });
          await pause();
          return { charged: 10 };
        },
        compensate: ({ actionKey }) =>
          effect(() => {
            const row = db.prepare('SELECT refunded FROM payments WHERE key = ?').get(actionKey) as { refunded: number } | undefined;
            if (row === undefined) db.prepare('INSERT INTO payments VALUES (?, 0, 1)').run(actionKey); // tombstone
            else if (row.refunded === 0) {
              db.prepare('UPDATE payments SET refunded = 1 WHERE key = ?').run(actionKey);
              log.run(actionKey, 'refund');
            }
          }),
      },
      {
        name: 'reserve',
        action: async ({ idempotencyKey }) => {
          await pause();
          effect(() => {
            if (db.prepare('SELECT 1 FROM reservations WHERE key = ?').get(idempotencyKey) !== undefined) return;
            db.prepare('INSERT INTO reservations VALUES (?, 1, 0)').run(idempotencyKey);
            db.prepare("UPDATE stock SET quantity = quantity - 1 WHERE sku = 'widget'").run();
            log.run(idempotencyKey, 'reserve');
          });
          await pause();
          return { reserved: 1 };
        },
        compensate: ({ actionKey }) =>
          effect(() => {
            const row = db.prepare('SELECT released, quantity FROM reservations WHERE key = ?').get(actionKey) as { released: number; quantity: number } | undefined;
            if (row === undefined) db.prepare('INSERT INTO reservations VALUES (?, 0, 1)').run(actionKey);
            else if (row.released === 0) {
              db.prepare('UPDATE reservations SET released = 1 WHERE key = ?').run(actionKey);
              db.prepare("UPDATE stock SET quantity = quantity + ? WHERE sku = 'widget'").run(row.quantity);
              log.run(actionKey, 'release');
            }
          }),
      },
      {
        name: 'ship',
        action: async ({ idempotencyKey, sagaId }) => {
          await pause();
          if (failsAtShip(sagaId)) throw new Error('carrier refused');
          effect(() => {
            if (db.prepare('INSERT OR IGNORE INTO shipments VALUES (?)').run(idempotencyKey).changes === 1) log.run(idempotencyKey, 'ship');
          });
        },
      },
    ],
  });
  const orchestrator = new SagaOrchestrator({ store, definitions: [saga], runtime, compensationRetry: { maxAttempts: 3, backoff: constantBackoff(1) } });
  await orchestrator.resume();
  process.stdout.write('ready\n');
  if (config.mode === 'finish') {
    for (;;) {
      const open = await store.list({ statuses: ['running', 'compensating'], limit: 1 });
      if (open.length === 0) break;
      await runtime.sleep(5);
    }
    await orchestrator.close();
    await store.close();
    process.stdout.write('done\n');
    return;
  }
  const concurrency = config.concurrency ?? 16;
  const inFlight = new Set<Promise<unknown>>();
  for (let n = 0; n < 100_000; n++) {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    const id = `s-${config.run ?? 0}-${n}`;
    const done = orchestrator.run('order', { id, input: null }).finally(() => inFlight.delete(done));
    inFlight.add(done);
  }
}

async function relay(config: Config): Promise<void> {
  const { connect } = await import('nats'); // loaded only here: the saga runs start faster without it
  const { JetStreamBus } = await import('../nats/jetstream-bus.js');
  const connection = await connect({ servers: config.nats as string });
  const bus = await JetStreamBus.create({ connection, stream: config.stream as string, subjectPrefix: config.subjectPrefix as string });
  const outbox = new SqliteOutbox({ filename: config.filename });
  const relayer = new OutboxRelay({ outbox, bus, batchSize: 20, concurrency: 4 });
  process.stdout.write('ready\n');
  if (config.finish === true) {
    await relayer.drain();
    await connection.close();
    process.stdout.write('done\n');
    return;
  }
  relayer.start();
}

// Booted ahead of time by the test, the runner waits for "go" on stdin before it touches the database.
async function whenGo(): Promise<void> {
  if (process.argv[3] !== '--wait-for-go') return;
  await new Promise<void>((resolve) => {
    process.stdin.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('go') && resolve());
  });
}

whenGo().then(() => main(JSON.parse(process.argv[2] ?? '{}') as Config)).catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
