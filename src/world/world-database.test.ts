import { describe, expect, it } from 'vitest';
import { DatabaseFiles, WorldDatabase, type StorageIo } from './world-database.js';
import { DuplicateOutboxMessageError } from './world-errors.js';

/** Storage that commits at once (the world adds latency and crash semantics on top). */
const immediate: StorageIo = { io: async (work) => work(), nowMs: () => 1_000 };

describe('WorldDatabase', () => {
  it('commits a transaction whole: rows and outbox messages together, or nothing when the work throws', async () => {
    const files = new DatabaseFiles();
    const db = new WorldDatabase(files, immediate);
    await db.transaction((tx) => {
      tx.put('orders', 'o1', { total: 3 });
      tx.enqueue({ id: 'o1:placed', subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o1', payload: { total: 3 } });
    });
    await expect(
      db.transaction((tx) => {
        tx.put('orders', 'o2', { total: 4 });
        tx.enqueue({ id: 'o1:placed', subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o2', payload: {} });
      }),
    ).rejects.toBeInstanceOf(DuplicateOutboxMessageError);
    expect(db.view.rows('orders')).toEqual([['o1', { total: 3 }]]);
    expect(db.view.outbox().map((message) => message.id)).toEqual(['o1:placed']);
  });

  it('reads its own writes inside a transaction, and deletes', async () => {
    const db = new WorldDatabase(new DatabaseFiles(), immediate);
    await db.transaction((tx) => tx.put('t', 'a', 1));
    const seen = await db.transaction((tx) => {
      tx.put('t', 'b', 2);
      tx.delete('t', 'a');
      return { a: tx.get('t', 'a'), b: tx.get('t', 'b'), all: tx.scan('t') };
    });
    expect(seen).toEqual({ a: undefined, b: 2, all: [['b', 2]] });
    expect(await db.scan('t')).toEqual([['b', 2]]);
  });

  it('is an OutboxSource: pending in commit order, markSent, unsentCount', async () => {
    const db = new WorldDatabase(new DatabaseFiles(), immediate);
    for (const id of ['m1', 'm2', 'm3']) await db.transaction((tx) => tx.enqueue({ id, subject: 's.x', type: 'T', aggregateId: 'a', payload: null }));
    const pending = await db.pending(2);
    expect(pending.map((message) => [message.id, message.sequence])).toEqual([
      ['m1', 1],
      ['m2', 2],
    ]);
    await db.markSent([1, 2]);
    expect(await db.unsentCount()).toBe(1);
    expect((await db.pending(10)).map((message) => message.id)).toEqual(['m3']);
  });

  it('runs an inbox effect once per consumer and message id', async () => {
    const db = new WorldDatabase(new DatabaseFiles(), immediate);
    const apply = () => db.inbox('shipping', 'm1', (tx) => tx.put('shipments', 'o1', (tx.get<number>('shipments', 'o1') ?? 0) + 1));
    expect((await apply()).status).toBe('processed');
    expect((await apply()).status).toBe('duplicate');
    expect((await db.inbox('billing', 'm1', () => 'other consumer')).status).toBe('processed');
    expect(db.view.get('shipments', 'o1')).toBe(1);
  });

  it('refuses an asynchronous transaction', async () => {
    const db = new WorldDatabase(new DatabaseFiles(), immediate);
    await expect(db.transaction(async () => 1)).rejects.toThrow(/synchronous/);
  });
});
