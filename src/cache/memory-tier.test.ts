import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime, Random } from '../runtime/index.js';
import type { CacheEntry } from './entry.js';
import { MemoryTier } from './memory-tier.js';

const forever = (value: unknown, tags: readonly string[] = []): CacheEntry => ({ value, freshUntilMs: Infinity, staleUntilMs: Infinity, recomputeMs: 0, tags });

/** Hit ratio of a tier on a key stream: a miss stores the key. */
function hitRatio(tier: MemoryTier, keys: Iterable<number>): number {
  let hits = 0;
  let total = 0;
  for (const key of keys) {
    total++;
    if (tier.get(`k${key}`) !== undefined) hits++;
    else tier.set(`k${key}`, forever(key));
  }
  return hits / total;
}

function* zipfKeys(seed: number, count: number, universe: number, exponent: number): Generator<number> {
  const next = new Random(seed).zipfSampler(universe, exponent);
  for (let index = 0; index < count; index++) yield next();
}

describe('MemoryTier', () => {
  it('LRU: evicts the least recently used entry; get refreshes recency, peek does not', () => {
    const tier = new MemoryTier({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) tier.set(key, forever(key));
    tier.get('a');
    tier.peek('b');
    tier.set('d', forever('d'));
    expect([...tier.keys()]).toEqual(['c', 'a', 'd']);
    expect(tier.evictions).toBe(1);
  });

  it('bounds bytes as well as entries, and refuses an entry larger than the whole budget', () => {
    const tier = new MemoryTier({ maxEntries: 1_000, maxBytes: 100, sizeOf: (_key, value) => (value as string).length });
    for (let index = 0; index < 10; index++) tier.set(`k${index}`, forever('x'.repeat(20)));
    expect(tier.bytes).toBeLessThanOrEqual(100);
    expect(tier.size).toBe(5);
    expect(tier.set('huge', forever('x'.repeat(101)))).toBe(false);
    expect(tier.get('huge')).toBeUndefined();
    tier.set('k9', forever('x'.repeat(50))); // growing an entry evicts others
    expect(tier.bytes).toBeLessThanOrEqual(100);
    expect(tier.get('k9')?.value).toBe('x'.repeat(50));
  });

  it('estimates bytes by default when only maxBytes is given', () => {
    const tier = new MemoryTier({ maxBytes: 10_000 });
    for (let index = 0; index < 1_000; index++) tier.set(`key-${index}`, forever({ name: `user ${index}`, roles: ['a', 'b'] }));
    expect(tier.bytes).toBeLessThanOrEqual(10_000);
    expect(tier.size).toBeGreaterThan(10);
    expect(tier.size).toBeLessThan(1_000);
  });

  it('keeps logical expiry apart from eviction: dead entries read as absent, stale ones stay', async () => {
    const runtime = new ManualRuntime();
    const tier = new MemoryTier({ runtime });
    tier.set('k', { value: 1, freshUntilMs: 100, staleUntilMs: 200, recomputeMs: 0, tags: [] });
    await runtime.advance(150);
    expect(tier.get('k')?.value).toBe(1); // stale is still held (the cache decides what to serve)
    tier.set('other', { value: 2, freshUntilMs: 100, staleUntilMs: 200, recomputeMs: 0, tags: [] });
    await runtime.advance(50);
    expect(tier.get('k')).toBeUndefined();
    expect(tier.deadRemovals).toBe(1);
    expect(tier.evictions).toBe(0);
    expect(tier.purgeDead()).toBe(1);
    expect(tier.size).toBe(0);
  });

  it('inserts sweep dead entries from the least recently used end, without size pressure', async () => {
    const runtime = new ManualRuntime();
    const tier = new MemoryTier({ runtime, maxEntries: 1_000 });
    for (let key = 0; key < 10; key++) tier.set(`short${key}`, { value: key, freshUntilMs: 100, staleUntilMs: 100, recomputeMs: 0, tags: [] });
    await runtime.advance(100);
    for (let key = 0; key < 5; key++) tier.set(`new${key}`, forever(key));
    expect(tier.size).toBe(5); // 10 dead swept, two per insert
    expect(tier.deadRemovals).toBe(10);
    expect(tier.evictions).toBe(0);
  });

  it('indexes tags and forgets them when entries go', () => {
    const tier = new MemoryTier({ maxEntries: 2 });
    tier.set('a', forever(1, ['t']));
    tier.set('b', forever(2, ['t']));
    tier.set('c', forever(3)); // evicts a
    expect(tier.deleteTag('t')).toBe(1);
    expect([...tier.keys()]).toEqual(['c']);
  });

  it('W-TinyLFU beats LRU on a skewed (zipf) workload', () => {
    for (const exponent of [0.8, 1.0, 1.2]) {
      const lru = hitRatio(new MemoryTier({ maxEntries: 1_000 }), zipfKeys(7, 100_000, 50_000, exponent));
      const tinyLfu = hitRatio(new MemoryTier({ maxEntries: 1_000, policy: 'w-tinylfu' }), zipfKeys(7, 100_000, 50_000, exponent));
      expect(tinyLfu).toBeGreaterThan(lru + 0.02);
    }
  });

  it('W-TinyLFU resists a scan that flushes LRU', () => {
    function* hotThenScan(): Generator<number> {
      for (let round = 0; round < 20; round++) {
        for (let key = 0; key < 500; key++) yield key; // the hot set fits
        for (let key = 0; key < 2_000; key++) yield 1_000_000 + round * 2_000 + key; // a one-off scan
      }
    }
    const lru = hitRatio(new MemoryTier({ maxEntries: 1_000 }), hotThenScan());
    const tinyLfu = hitRatio(new MemoryTier({ maxEntries: 1_000, policy: 'w-tinylfu' }), hotThenScan());
    expect(lru).toBe(0);
    expect(tinyLfu).toBeGreaterThan(0.15);
  });

  it('never exceeds its bounds, and its tag index matches its entries (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('lru' as const, 'w-tinylfu' as const),
        fc.array(fc.tuple(fc.constantFrom('set', 'get', 'delete', 'deleteTag'), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 30 })), { maxLength: 300 }),
        (policy, operations) => {
          const tier = new MemoryTier({ maxEntries: 8, maxBytes: 120, policy, sizeOf: (_key, value) => (value as string).length });
          for (const [operation, key, size] of operations) {
            if (operation === 'set') tier.set(`k${key}`, forever('x'.repeat(size), [`t${key % 3}`]));
            else if (operation === 'get') tier.get(`k${key}`);
            else if (operation === 'delete') tier.delete(`k${key}`);
            else tier.deleteTag(`t${key % 3}`);
            expect(tier.size).toBeLessThanOrEqual(8);
            expect(tier.bytes).toBeLessThanOrEqual(120);
            expect([...tier.keys()].length).toBe(tier.size);
          }
          const held = new Set(tier.keys());
          for (let tag = 0; tag < 3; tag++) {
            const before = tier.size;
            const expected = [...held].filter((key) => Number(key.slice(1)) % 3 === tag).length;
            expect(tier.deleteTag(`t${tag}`)).toBe(expected);
            expect(tier.size).toBe(before - expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects bad options', () => {
    expect(() => new MemoryTier({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => new MemoryTier({ maxBytes: -1 })).toThrow(/maxBytes/);
    expect(() => new MemoryTier({ policy: 'lfu' as never })).toThrow(/policy/);
  });
});
