import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { eventStoreContract, type KeyValueTables } from './event-store.contract.js';
import { MemoryEventStore, type MemoryTables } from './memory-event-store.js';
import { subscribe } from './subscription.js';

eventStoreContract<MemoryTables>('memory', async (options) => {
  const store = new MemoryEventStore(options);
  const tables: KeyValueTables<MemoryTables> = {
    setup: (context, table) => void context.table(table),
    put: (context, table, key, value) => void context.table<number>(table).set(key, value),
    get: async (table, key) => store.tables.table<number>(table).get(key),
    count: async (table) => store.tables.table(table).size,
  };
  return { store, tables, dispose: () => store.close() };
});

describe('MemoryEventStore on virtual time', () => {
  it('retries a failing handler with backoff on the runtime, then parks it', async () => {
    const runtime = new ManualRuntime({ seed: 3 });
    const store = new MemoryEventStore({ runtime });
    const calls: number[] = [];
    const subscription = subscribe(store, {
      id: 'virtual',
      runtime,
      retry: { maxAttempts: 4, initialDelayMs: 1_000, maxDelayMs: 8_000 },
      handler: () => {
        calls.push(runtime.clock.monotonicMs());
        throw new Error('down');
      },
    });
    await subscription.start();
    await store.append('s-1', [{ type: 'E', data: 1 }]);
    await runtime.advance(60_000);
    expect(calls.length).toBe(4);
    // equal jitter: the n-th backoff is in [d/2, d] with d = 1000 * 2^(n-1)
    const gaps = calls.slice(1).map((time, index) => time - (calls[index] as number));
    gaps.forEach((gap, index) => {
      expect(gap).toBeGreaterThanOrEqual(500 * 2 ** index);
      expect(gap).toBeLessThanOrEqual(1_000 * 2 ** index);
    });
    expect(await store.listParked('virtual')).toHaveLength(1);
    await subscription.stop();
    expect(runtime.pendingTimers).toBe(0);
  });
});

describe('Subscription stop', () => {
  it('stops during a retry backoff without parking or passing the event', async () => {
    const runtime = new ManualRuntime({ seed: 4 });
    const store = new MemoryEventStore({ runtime });
    let calls = 0;
    const subscription = subscribe(store, {
      id: 'stopping',
      runtime,
      retry: { maxAttempts: 5, initialDelayMs: 60_000, maxDelayMs: 60_000 },
      handler: () => {
        calls++;
        throw new Error('down');
      },
    });
    await subscription.start();
    await store.append('s-1', [{ type: 'E', data: 1 }]);
    await runtime.advance(10);
    expect(calls).toBe(1);
    await subscription.stop(); // would otherwise wait a minute of backoff
    expect(await store.listParked('stopping')).toEqual([]);
    expect(await store.loadCheckpoint('stopping')).toBeUndefined();
    expect(runtime.pendingTimers).toBe(0);
  });
});
