// NATS restarted during a run (issue 7): a private nats-server (JetStream, file storage) on a free
// port is stopped and started again while the outbox relay publishes and a consumer applies
// messages through the inbox. Nothing is lost, and each message is applied once.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../outbox-relay.js';
import { SqliteInbox, SqliteOutbox } from '../sqlite/sqlite-outbox.js';
import { JetStreamBus } from './jetstream-bus.js';

const hasServer = spawnSync('nats-server', ['--version']).status === 0;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const directory = mkdtempSync(join(tmpdir(), 'pacelc-nats-restart-'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', join(directory, 'store')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createServer();
      socket.once('error', () => resolve(true)); // port taken: the server is listening
      socket.listen(port, '127.0.0.1', () => socket.close(() => resolve(false)));
    });
    if (up) return child;
    await sleep(50);
  }
  throw new Error('nats-server did not start');
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

describe.skipIf(!hasServer)('JetStream bus across a NATS restart', () => {
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('relay and consumer ride out a server restart: every message applied exactly once', async () => {
    const port = await freePort();
    let server = await startServer(port);
    const connection = await connect({ servers: `127.0.0.1:${port}`, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    try {
      const bus = await JetStreamBus.create({ connection, stream: 'RESTART', subjectPrefix: 'restart', ackWaitMs: 1_000 });
      const outbox = new SqliteOutbox({ filename: join(directory, 'app.db') });
      outbox.database.exec('CREATE TABLE totals (account TEXT PRIMARY KEY, amount INTEGER NOT NULL)');
      const inbox = new SqliteInbox({ database: outbox.database });
      const applied = new Set<string>();
      const subscription = await bus.subscribe({
        consumer: 'ledger',
        subjects: 'ledger.>',
        redeliveryDelayMs: 20,
        handle: (message) => {
          inbox.handle('ledger', message.id, (db) => {
            db.prepare('INSERT INTO totals VALUES (?, 1) ON CONFLICT (account) DO UPDATE SET amount = amount + 1').run(message.aggregateId);
          });
          applied.add(message.id);
        },
      });
      let publishErrors = 0;
      const relay = new OutboxRelay({ outbox, bus, batchSize: 50, pollIntervalMs: 20, onError: () => publishErrors++ });
      relay.start();
      const messages = 1_500;
      let restarted = false;
      let unsentDuringOutage = 0;
      for (let i = 0; i < messages; i++) {
        outbox.transaction(({ enqueue }) => void enqueue({ id: `m-${i}`, subject: 'ledger.credit', type: 'Credited', aggregateId: `acct-${i % 7}`, payload: { i } }));
        if (i % 100 === 99) await sleep(5);
        if (i === 700) await stopServer(server); // in the middle of the run: messages 700..899 are written while NATS is down
        if (i === 900) {
          await sleep(500);
          unsentDuringOutage = await outbox.unsentCount();
          server = await startServer(port);
          restarted = true;
        }
      }
      expect(restarted).toBe(true);
      expect(unsentDuringOutage).toBeGreaterThan(0); // messages were waiting while NATS was down
      expect(publishErrors).toBeGreaterThanOrEqual(0); // publishes in the outage fail or wait in the client's reconnect buffer
      for (let waited = 0; applied.size < messages && waited < 30_000; waited += 50) await sleep(50);
      await relay.stop();
      await subscription.stop();
      expect(await outbox.unsentCount()).toBe(0);
      expect(applied.size).toBe(messages);
      const total = (outbox.database.prepare('SELECT sum(amount) AS n FROM totals').get() as { n: number }).n;
      expect(total).toBe(messages);
      outbox.close();
    } finally {
      await connection.close().catch(() => undefined);
      await stopServer(server);
    }
  }, 90_000);
});
