import { describe, expect, it } from 'vitest';
import { ManualRuntime, Random } from '../runtime/index.js';
import { Cache } from './cache.js';
import { MemoryTier } from './memory-tier.js';
import { ReadThroughCache } from './read-through.js';
import { WriteThroughCache } from './write-through.js';

/** A source of truth on virtual time: loads read at once and answer after `loadMs`; saves commit after `saveMs`. */
function slowSource(runtime: ManualRuntime, options: { loadMs?: number; saveMs?: () => number; failSaves?: boolean } = {}) {
  const rows = new Map<string, string>();
  let loads = 0;
  return {
    rows,
    loads: () => loads,
    load: async (key: string): Promise<string> => {
      loads++;
      const value = rows.get(key) ?? 'none'; // read now...
      if ((options.loadMs ?? 0) > 0) await runtime.sleep(options.loadMs ?? 0); // ...answer later
      return value;
    },
    save: async (key: string, value: string): Promise<void> => {
      const saveMs = options.saveMs?.() ?? 0;
      if (saveMs > 0) await runtime.sleep(saveMs);
      if (options.failSaves === true) throw new Error('write failed');
      rows.set(key, value);
    },
  };
}

describe('WriteThroughCache', () => {
  it('writes the source, then the cache: the next read is a hit with the new value', async () => {
    const runtime = new ManualRuntime();
    const source = slowSource(runtime);
    const users = new WriteThroughCache(new Cache({ runtime }), source);
    await users.set('u1', 'Ada');
    expect(source.rows.get('u1')).toBe('Ada');
    expect(await users.get('u1')).toBe('Ada');
    expect(source.loads()).toBe(0);
  });

  it('a failed source write rejects and leaves nothing cached: the next read loads the truth', async () => {
    const runtime = new ManualRuntime();
    const source = slowSource(runtime, { failSaves: true });
    source.rows.set('u1', 'old');
    const users = new WriteThroughCache(new Cache({ runtime }), source);
    expect(await users.get('u1')).toBe('old');
    await expect(users.set('u1', 'new')).rejects.toThrow('write failed');
    expect(users.cache.l1?.peek('u1')).toBeUndefined();
    expect(await users.get('u1')).toBe('old');
    expect(source.loads()).toBe(2);
  });

  it('a reader that loaded the old value during the write cannot put it back', async () => {
    const runtime = new ManualRuntime();
    const source = slowSource(runtime, { loadMs: 100, saveMs: () => 10 });
    source.rows.set('u1', 'old');
    const users = new WriteThroughCache(new Cache({ runtime }), source);
    const reading = users.get('u1'); // reads 'old' at t=0, answers at t=100
    await runtime.advance(1);
    const writing = users.set('u1', 'new'); // commits at t=11
    await runtime.advance(200);
    await writing;
    expect(await reading).toBe('old');
    expect(await users.get('u1')).toBe('new');
    expect(users.cache.stats().fencedFills).toBe(1);
  });

  it('concurrent writers and readers in any order: the cache ends equal to the source, or empty (randomized)', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const runtime = new ManualRuntime({ seed });
      const random = new Random(seed);
      const source = slowSource(runtime, { loadMs: 20, saveMs: () => random.int(50) });
      source.rows.set('k', 'v0');
      const shared = new MemoryTier({ runtime });
      const cache = new Cache({ runtime, l2: shared });
      const store = new WriteThroughCache(cache, source);
      const work: Promise<unknown>[] = [];
      for (let step = 0; step < 12; step++) {
        work.push(random.chance(0.5) ? store.set('k', `v${seed}-${step}`) : store.get('k'));
        await runtime.advance(random.int(15));
      }
      await runtime.advance(1_000);
      await Promise.all(work);
      const cached = cache.l1?.peek('k')?.value;
      if (cached !== undefined) expect(cached).toBe(source.rows.get('k'));
      const final = store.get('k');
      await runtime.advance(50);
      expect(await final).toBe(source.rows.get('k'));
    }
  });
});

describe('ReadThroughCache', () => {
  it('loads through its fixed loader, once per key however many ask', async () => {
    const runtime = new ManualRuntime();
    const source = slowSource(runtime, { loadMs: 10 });
    source.rows.set('a', 'A');
    source.rows.set('b', 'B');
    const products = new ReadThroughCache(new Cache({ runtime, ttlMs: 1_000 }), (key) => source.load(key));
    const reads = Promise.all([products.getMany(['a', 'b', 'a']), products.get('b')]);
    await runtime.advance(10);
    expect(await reads).toEqual([['A', 'B', 'A'], 'B']);
    expect(source.loads()).toBe(2);
    await products.invalidate('a');
    const again = products.get('a');
    await runtime.advance(10);
    expect(await again).toBe('A');
    expect(source.loads()).toBe(3);
  });
});
