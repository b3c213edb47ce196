import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../../runtime/index.js';
import { MemoryMessageBus } from '../memory-message-bus.js';
import type { BusMessage, MessageBus } from '../message-bus.js';
import { OutboxRelay } from '../outbox-relay.js';
import { SqliteInbox, SqliteOutbox } from './sqlite-outbox.js';

function setup() {
  const outbox = new SqliteOutbox({ filename: ':memory:' });
  const database = outbox.database;
  database.exec('CREATE TABLE orders (id TEXT PRIMARY KEY, total INTEGER NOT NULL); CREATE TABLE balances (id TEXT PRIMARY KEY, amount INTEGER NOT NULL)');
  const inbox = new SqliteInbox({ database });
  return { outbox, inbox, database };
}

/** A bus that fails every `failEvery`-th publish after storing nothing. */
class FlakyBus implements MessageBus {
  readonly kind = 'flaky';
  readonly published: BusMessage[] = [];
  private count = 0;
  constructor(private readonly failEvery: number) {}
  async publish(message: BusMessage): Promise<void> {
    if (++this.count % this.failEvery === 0) throw new Error('broker hiccup');
    this.published.push(message);
  }
  async subscribe(): Promise<never> {
    throw new Error('not used');
  }
  async close(): Promise<void> {}
}

describe('SQLite outbox and inbox', () => {
  it('commits business rows and messages together, or neither', () => {
    const { outbox, database } = setup();
    outbox.transaction(({ database: db, enqueue }) => {
      db.prepare('INSERT INTO orders VALUES (?, ?)').run('o-1', 30);
      enqueue({ id: 'm-1', subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o-1', payload: { total: 30 } });
    });
    expect(() =>
      outbox.transaction(({ database: db, enqueue }) => {
        enqueue({ subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o-2', payload: {} });
        db.prepare('INSERT INTO orders VALUES (?, ?)').run('o-1', 99); // duplicate key: the whole transaction rolls back
      }),
    ).toThrow();
    expect(database.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 1 });
    return outbox.pending(10).then((pending) => expect(pending.map((message) => [message.id, message.payload])).toEqual([['m-1', { total: 30 }]]));
  });

  it('the relay publishes in order per aggregate through failures, at least once, and marks messages sent', async () => {
    const { outbox } = setup();
    for (let i = 0; i < 30; i++) outbox.transaction(({ enqueue }) => void enqueue({ id: `m-${i}`, subject: 'orders.changed', type: 'Changed', aggregateId: `o-${i % 3}`, payload: { i } }));
    const bus = new FlakyBus(4);
    const relay = new OutboxRelay({ outbox, bus, batchSize: 7, runtime: new ManualRuntime() });
    await relay.drain();
    expect(await outbox.unsentCount()).toBe(0);
    expect(new Set(bus.published.map((message) => message.id)).size).toBe(30);
    for (let aggregate = 0; aggregate < 3; aggregate++) {
      const order = bus.published.filter((message) => message.aggregateId === `o-${aggregate}`).map((message) => (message.payload as { i: number }).i);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('the inbox applies a message once however often it is delivered', async () => {
    const { outbox, inbox, database } = setup();
    database.prepare('INSERT INTO balances VALUES (?, ?)').run('acct', 0);
    outbox.transaction(({ enqueue }) => void enqueue({ id: 'pay-1', subject: 'payments.requested', type: 'PaymentRequested', aggregateId: 'acct', payload: { amount: 5 } }));
    const bus = new MemoryMessageBus({ runtime: new ManualRuntime() });
    const relay = new OutboxRelay({ outbox, bus, runtime: new ManualRuntime() });
    await relay.drain();
    await bus.publish(bus.messages[0] as BusMessage); // a redelivery, as after a relay crash
    const outcomes: string[] = [];
    const subscription = await bus.subscribe({
      consumer: 'ledger',
      subjects: 'payments.>',
      handle: (message) => {
        const outcome = inbox.handle('ledger', message.id, (db) => db.prepare('UPDATE balances SET amount = amount + ? WHERE id = ?').run((message.payload as { amount: number }).amount, 'acct'));
        outcomes.push(outcome.status);
      },
    });
    for (let i = 0; i < 10 && outcomes.length < 2; i++) await Promise.resolve();
    await subscription.stop();
    expect(outcomes).toEqual(['processed', 'duplicate']);
    expect(database.prepare('SELECT amount FROM balances').get()).toEqual({ amount: 5 });
    // An effect that throws records nothing: the message stays unprocessed and can be retried.
    expect(() => inbox.handle('ledger', 'pay-2', () => { throw new Error('constraint'); })).toThrow('constraint');
    expect(inbox.handle('ledger', 'pay-2', () => 'ok')).toEqual({ status: 'processed', result: 'ok' });
  });
});
