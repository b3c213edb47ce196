import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { Cache } from './cache.js';
import { WriteBehindCache, WriteBehindQueueFullError } from './write-behind.js';

function batchSource(runtime: ManualRuntime, options: { saveMs?: number; failures?: number; crashed?: () => boolean } = {}) {
  const rows = new Map<string, number>();
  const batches: number[] = [];
  let failuresLeft = options.failures ?? 0;
  return {
    rows,
    batches,
    load: async (key: string) => rows.get(key) ?? 0,
    save: async (key: string, value: number) => void rows.set(key, value),
    saveMany: async (entries: ReadonlyArray<readonly [string, number]>) => {
      if ((options.saveMs ?? 0) > 0) await runtime.sleep(options.saveMs ?? 0);
      if (options.crashed?.() === true) throw new Error('the writer died before the transaction committed');
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('database unavailable');
      }
      batches.push(entries.length);
      for (const [key, value] of entries) rows.set(key, value);
    },
  };
}

describe('WriteBehindCache', () => {
  it('acknowledges at once, saves later, coalescing writes of one key into one row', async () => {
    const runtime = new ManualRuntime();
    const source = batchSource(runtime);
    const counters = new WriteBehindCache(new Cache({ runtime }), source, { runtime, flushIntervalMs: 1_000 });
    for (let view = 1; view <= 10; view++) await counters.set('views', view);
    expect(source.rows.size).toBe(0);
    expect(await counters.get('views')).toBe(10); // reads see unsaved writes
    expect(counters.stats()).toMatchObject({ writes: 10, coalesced: 9, unsaved: 1 });
    await runtime.advance(1_000);
    expect(source.rows.get('views')).toBe(10);
    expect(source.batches).toEqual([1]);
    expect(counters.stats()).toMatchObject({ saved: 1, unsaved: 0, oldestUnsavedAgeMs: 0, maxUnsavedAgeMs: 1_000 });
  });

  it('flushes in batches of batchSize, without waiting for the interval once a batch is full', async () => {
    const runtime = new ManualRuntime();
    const source = batchSource(runtime);
    const store = new WriteBehindCache(new Cache({ runtime }), source, { runtime, batchSize: 100, flushIntervalMs: 60_000 });
    for (let key = 0; key < 250; key++) await store.set(`k${key}`, key);
    await runtime.settle();
    expect(source.batches).toEqual([100, 100]);
    await store.close();
    expect(source.batches).toEqual([100, 100, 50]);
  });

  it('bounds the queue: reject throws a typed error; wait blocks until a flush makes room', async () => {
    const runtime = new ManualRuntime();
    const rejecting = new WriteBehindCache(new Cache({ runtime }), batchSource(runtime, { saveMs: 100 }), { runtime, maxPending: 3, batchSize: 10, onFull: 'reject' });
    for (let key = 0; key < 3; key++) await rejecting.set(`k${key}`, key);
    await rejecting.set('k0', 99); // a re-write of a queued key needs no room
    await expect(rejecting.set('k3', 3)).rejects.toBeInstanceOf(WriteBehindQueueFullError);

    const source = batchSource(runtime, { saveMs: 100 });
    const waiting = new WriteBehindCache(new Cache({ runtime }), source, { runtime, maxPending: 3, batchSize: 10 });
    for (let key = 0; key < 3; key++) await waiting.set(`k${key}`, key);
    let done = false;
    const fourth = waiting.set('k3', 3).then(() => (done = true));
    await runtime.advance(50);
    expect(done).toBe(false);
    await runtime.advance(100);
    await fourth;
    expect(source.rows.size).toBe(3);
  });

  it('retries a failed batch with backoff, then drops it and counts the loss', async () => {
    const runtime = new ManualRuntime();
    const source = batchSource(runtime, { failures: 2 });
    const errors: boolean[] = [];
    const store = new WriteBehindCache(new Cache({ runtime }), source, { runtime, flushIntervalMs: 100, maxRetries: 3, onError: (_e, context) => errors.push(context.dropped) });
    await store.set('a', 1);
    await runtime.advance(100); // fails
    await runtime.advance(100); // retry 1 after 100 ms: fails
    await runtime.advance(200); // retry 2 after 200 ms: succeeds
    expect(source.rows.get('a')).toBe(1);
    expect(errors).toEqual([false, false]);

    const broken = batchSource(runtime, { failures: 100 });
    const lossy = new WriteBehindCache(new Cache({ runtime }), broken, { runtime, flushIntervalMs: 100, maxRetries: 2 });
    await lossy.set('b', 1);
    await runtime.advance(10_000);
    expect(lossy.stats()).toMatchObject({ lost: 1, failedBatches: 3, unsaved: 0 });
  });

  it('killed mid-flush: only the documented window is lost; a clean shutdown loses nothing', async () => {
    for (const crash of [true, false]) {
      const runtime = new ManualRuntime({ seed: 5 });
      const flushIntervalMs = 200;
      const saveMs = 50;
      let crashed = false;
      const source = batchSource(runtime, { saveMs, crashed: () => crashed });
      const store = new WriteBehindCache(new Cache({ runtime }), source, { runtime, flushIntervalMs, batchSize: 1_000 });
      const acceptedAtMs = new Map<string, number>();
      let latest = new Map<string, number>();
      for (let write = 0; write < 100; write++) {
        const key = `k${write % 37}`;
        await store.set(key, write);
        acceptedAtMs.set(`${key}=${write}`, runtime.clock.monotonicMs());
        latest.set(key, write);
        await runtime.advance(10);
      }
      // Flushes start every 200 ms and take 50 ms: at t = 1,025 one is half way through.
      await runtime.advance(25);
      const before = store.stats();
      if (!crash) {
        const closing = store.close();
        await runtime.runAll();
        await closing;
        expect([...latest].every(([key, value]) => source.rows.get(key) === value)).toBe(true);
        expect(store.stats().lost).toBe(0);
        continue;
      }
      expect(before.unsaved).toBeGreaterThan(0);
      const abandoned = store.abandon();
      crashed = true;
      const crashMs = runtime.clock.monotonicMs();
      await runtime.runAll(); // the interrupted save never commits: the process is gone
      const lost = [...latest].filter(([key, value]) => source.rows.get(key) !== value);
      expect(lost.length).toBe(abandoned.length);
      expect(lost.length).toBe(before.unsaved);
      expect(store.stats().lost).toBe(lost.length);
      // Every lost write was accepted within flushIntervalMs + one save of the crash.
      for (const [key, value] of lost) expect(crashMs - (acceptedAtMs.get(`${key}=${value}`) as number)).toBeLessThanOrEqual(flushIntervalMs + saveMs);
      expect(before.oldestUnsavedAgeMs).toBeLessThanOrEqual(flushIntervalMs + saveMs);
      latest = new Map();
    }
  });
});
