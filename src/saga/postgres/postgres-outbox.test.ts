import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { MemoryMessageBus } from '../memory-message-bus.js';
import type { BusMessage } from '../message-bus.js';
import { OutboxRelay } from '../outbox-relay.js';
import { PostgresInbox, PostgresOutbox } from './postgres-outbox.js';

const postgres = await findService('postgres');
const schema = `pacelc_outbox_${process.pid}_${Math.floor(Math.random() * 1e6)}`;

describe.skipIf(!postgres)('PostgreSQL outbox and inbox', () => {
  const pool = new pg.Pool({ connectionString: postgres?.url, max: 4 });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it('commits business rows with messages, relays in order, and the inbox applies each message once', async () => {
    const outbox = await PostgresOutbox.create({ pool, schema });
    const inbox = await PostgresInbox.create({ pool, schema });
    await pool.query(`CREATE TABLE ${schema}.orders (id text PRIMARY KEY, total integer NOT NULL); CREATE TABLE ${schema}.balances (id text PRIMARY KEY, amount integer NOT NULL)`);
    await pool.query(`INSERT INTO ${schema}.balances VALUES ('acct', 0)`);
    for (let i = 0; i < 12; i++) {
      await outbox.transaction(async ({ client, enqueue }) => {
        await client.query(`INSERT INTO ${schema}.orders VALUES ($1, $2)`, [`o-${i}`, i]);
        await enqueue({ id: `m-${i}`, subject: 'orders.placed', type: 'OrderPlaced', aggregateId: `o-${i % 2}`, payload: { amount: 1, i } });
      });
    }
    await expect(
      outbox.transaction(async ({ client, enqueue }) => {
        await enqueue({ id: 'lost', subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o-0', payload: {} });
        await client.query(`INSERT INTO ${schema}.orders VALUES ('o-0', 1)`);
      }),
    ).rejects.toThrow();
    expect(await outbox.unsentCount()).toBe(12);
    const bus = new MemoryMessageBus({ runtime: new ManualRuntime() });
    const relay = new OutboxRelay({ outbox, bus, batchSize: 5, runtime: new ManualRuntime() });
    // Rows become readable once no older transaction is running anywhere in the cluster: wait for them.
    for (let round = 0; round < 400 && (await outbox.unsentCount()) > 0; round++) {
      await relay.drain();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(bus.messages.map((message) => message.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `m-${i}`).sort());
    for (const aggregate of ['o-0', 'o-1']) {
      const order = bus.messages.filter((message) => message.aggregateId === aggregate).map((message) => (message.payload as { i: number }).i);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    for (const message of [...bus.messages, bus.messages[0] as BusMessage, bus.messages[3] as BusMessage]) {
      await inbox.handle('ledger', message.id, (client) => client.query(`UPDATE ${schema}.balances SET amount = amount + $1 WHERE id = 'acct'`, [(message.payload as { amount: number }).amount]));
    }
    expect((await pool.query(`SELECT amount FROM ${schema}.balances`)).rows[0]).toEqual({ amount: 12 });
    expect(await inbox.handle('ledger', 'm-0', async () => 'again')).toEqual({ status: 'duplicate' });
  });
});
