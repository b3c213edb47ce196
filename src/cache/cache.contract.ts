// The contract every cache tier configuration passes (L1 alone, L2 alone, L1 + L2): one suite,
// run by src/cache/cache.test.ts and src/cache/redis/redis-tier.test.ts with their own factories.
// Time is virtual (ManualRuntime): TTLs, grace and XFetch are exact, and nothing sleeps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import type { Cache, CacheOptions } from './cache.js';

/** What a tier configuration provides to the contract. */
export interface CacheContractHarness {
  readonly runtime: ManualRuntime;
  /** A new cache instance over the tier configuration under test (instances share any shared tier). */
  create(options?: Omit<CacheOptions, 'runtime' | 'l2'>): Cache;
  /** Lets in-flight I/O with the tier finish (a few round trips); for in-process tiers, one turn of the event loop. */
  io(): Promise<void>;
  /** Releases what the harness opened (connections, keys). */
  cleanup(): Promise<void>;
}

export function cacheContract(name: string, setup: () => Promise<CacheContractHarness>): void {
  describe(`cache contract: ${name}`, () => {
    let harness: CacheContractHarness;
    let runtime: ManualRuntime;
    beforeEach(async () => {
      harness = await setup();
      runtime = harness.runtime;
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    /** Moves virtual time, letting real I/O with the tier catch up before and after. */
    async function advance(ms: number): Promise<void> {
      await harness.io();
      await runtime.advance(ms);
      await harness.io();
    }

    /** A loader counting its calls, returning `${label}-${call}`, taking `delayMs` of virtual time. */
    function countingLoader(label: string, delayMs = 0): { loader: () => Promise<string>; calls: () => number } {
      let calls = 0;
      return {
        loader: async () => {
          calls++;
          const call = calls;
          if (delayMs > 0) await runtime.sleep(delayMs);
          return `${label}-${call}`;
        },
        calls: () => calls,
      };
    }

    it('getOrSet loads on a miss, then serves hits without calling the loader', async () => {
      const cache = harness.create({ ttlMs: 10_000 });
      const { loader, calls } = countingLoader('v');
      expect(await cache.getOrSet('k', loader)).toBe('v-1');
      expect(await cache.getOrSet('k', loader)).toBe('v-1');
      expect(await cache.get('k')).toBe('v-1');
      expect(calls()).toBe(1);
      const stats = cache.stats();
      expect(stats.misses).toBe(1);
      expect(stats.hits).toBe(2);
      expect(stats.loads).toBe(1);
    });

    it('set, get, delete; get never calls a loader and misses on absent keys', async () => {
      const cache = harness.create();
      expect(await cache.get('absent')).toBeUndefined();
      await cache.set('k', { n: 1 });
      expect(await cache.get('k')).toEqual({ n: 1 });
      await cache.set('k', { n: 2 });
      expect(await cache.get('k')).toEqual({ n: 2 });
      await cache.delete('k');
      expect(await cache.get('k')).toBeUndefined();
    });

    it('the fresh TTL is exact on virtual time; grace serves stale while one background refresh runs', async () => {
      const cache = harness.create({ ttlMs: 1_000, graceMs: 5_000 });
      const { loader, calls } = countingLoader('v');
      await cache.getOrSet('k', loader);
      await advance(999);
      expect(await cache.getOrSet('k', loader)).toBe('v-1');
      expect(calls()).toBe(1);
      await advance(1);
      // Stale: served at once, refreshed once in the background however many read it.
      const reads = await Promise.all([cache.getOrSet('k', loader), cache.getOrSet('k', loader), cache.getOrSet('k', loader)]);
      expect(reads).toEqual(['v-1', 'v-1', 'v-1']);
      await cache.idle();
      expect(calls()).toBe(2);
      expect(await cache.getOrSet('k', loader)).toBe('v-2');
      const stats = cache.stats();
      expect(stats.staleServed).toBeGreaterThanOrEqual(1);
      expect(stats.refreshes).toBe(1);
    });

    it('after grace the entry is dead: the next read waits for the loader', async () => {
      const cache = harness.create({ ttlMs: 1_000, graceMs: 1_000 });
      const { loader, calls } = countingLoader('v');
      await cache.getOrSet('k', loader);
      await advance(2_000);
      expect(await cache.get('k', { allowStale: true })).toBeUndefined();
      expect(await cache.getOrSet('k', loader)).toBe('v-2');
      expect(calls()).toBe(2);
    });

    it('a failing loader: grace serves the stale value until grace ends, then the error surfaces', async () => {
      for (const staleWhileRevalidate of [true, false]) {
        const cache = harness.create({ ttlMs: 1_000, graceMs: 10_000, staleWhileRevalidate });
        const key = `failing-${staleWhileRevalidate}`;
        await cache.getOrSet(key, () => 'good');
        await advance(1_000);
        const failing = async (): Promise<string> => {
          throw new Error('source down');
        };
        for (let second = 0; second < 9; second++) {
          expect(await cache.getOrSet(key, failing)).toBe('good');
          await cache.idle();
          await advance(1_000);
        }
        await advance(1_000); // 11 s after the write: grace is over
        await expect(cache.getOrSet(key, failing)).rejects.toThrow('source down');
        expect(cache.stats().loadErrors).toBeGreaterThanOrEqual(9);
      }
    });

    it('expire ends freshness but keeps grace; delete removes', async () => {
      const cache = harness.create({ ttlMs: 60_000, graceMs: 60_000 });
      const { loader, calls } = countingLoader('v');
      await cache.getOrSet('e', loader);
      await cache.expire('e');
      expect(await cache.get('e')).toBeUndefined();
      expect(await cache.get('e', { allowStale: true })).toBe('v-1');
      expect(await cache.getOrSet('e', loader)).toBe('v-1'); // stale, refreshing
      await cache.idle();
      expect(await cache.getOrSet('e', loader)).toBe('v-2');
      await cache.delete('e');
      expect(await cache.get('e', { allowStale: true })).toBeUndefined();
      expect(await cache.getOrSet('e', loader)).toBe('v-3'); // waited for the loader
      expect(calls()).toBe(3);
    });

    it('invalidates by tag and by prefix (delete and expire)', async () => {
      const cache = harness.create({ ttlMs: 60_000, graceMs: 60_000 });
      await cache.set('users:1', 'a', { tags: ['team:1'] });
      await cache.set('users:2', 'b', { tags: ['team:1', 'team:2'] });
      await cache.set('users:3', 'c', { tags: ['team:2'] });
      await cache.set('orders:1', 'd');
      await cache.deleteTag('team:1');
      expect(await cache.get('users:1')).toBeUndefined();
      expect(await cache.get('users:2')).toBeUndefined();
      expect(await cache.get('users:3')).toBe('c');
      await cache.expireTag('team:2');
      expect(await cache.get('users:3')).toBeUndefined();
      expect(await cache.get('users:3', { allowStale: true })).toBe('c');
      await cache.set('users:4', 'e');
      await cache.expirePrefix('users:');
      expect(await cache.get('users:4', { allowStale: true })).toBe('e');
      expect(await cache.get('users:4')).toBeUndefined();
      await cache.deletePrefix('users:');
      expect(await cache.get('users:4', { allowStale: true })).toBeUndefined();
      expect(await cache.get('orders:1')).toBe('d');
      await cache.clear();
      expect(await cache.get('orders:1')).toBeUndefined();
    });

    it('1,000 concurrent cold requests for one key: exactly one load (single-flight)', async () => {
      const cache = harness.create({ ttlMs: 60_000 });
      const { loader, calls } = countingLoader('v', 50);
      const reads = Array.from({ length: 1_000 }, () => cache.getOrSet('hot', loader));
      await advance(50);
      const values = await Promise.all(reads);
      expect(new Set(values)).toEqual(new Set(['v-1']));
      expect(calls()).toBe(1);
      const stats = cache.stats();
      expect(stats.loads).toBe(1);
      expect(stats.misses + stats.coalesced + stats.hits).toBe(1_000);
      expect(stats.coalesced).toBeGreaterThanOrEqual(900);
    });

    it('a write during a load fences the load: its (older) result is returned but not cached', async () => {
      const cache = harness.create({ ttlMs: 60_000 });
      const { loader } = countingLoader('loaded', 100);
      const reading = cache.getOrSet('k', loader);
      await advance(10);
      await cache.set('k', 'written');
      await advance(100);
      expect(await reading).toBe('loaded-1');
      expect(await cache.get('k')).toBe('written');
      expect(cache.stats().fencedFills).toBe(1);
    });

    it('XFetch refreshes early near expiry, in proportion to the measured recompute time', async () => {
      const cache = harness.create({ ttlMs: 10_000, xfetchBeta: 1 });
      const { loader, calls } = countingLoader('v', 200);
      const first = cache.getOrSet('x', loader);
      await advance(200);
      await first;
      // Far from expiry (delta = 200 ms, 9.8 s left): never.
      for (let read = 0; read < 200; read++) await cache.getOrSet('x', loader);
      expect(cache.stats().earlyRefreshes).toBe(0);
      // 200 ms before expiry, P(refresh) = exp(-200 / 200) ≈ 0.37 per read: the first few reads trigger one.
      await advance(9_800);
      for (let read = 0; read < 40 && cache.stats().earlyRefreshes === 0; read++) expect(await cache.getOrSet('x', loader)).toBe('v-1');
      expect(cache.stats().earlyRefreshes).toBe(1);
      await advance(200);
      await cache.idle();
      expect(calls()).toBe(2);
      expect(await cache.getOrSet('x', loader)).toBe('v-2'); // refreshed before it ever expired
      expect(cache.stats().misses).toBe(1);
    });

    it('TTL jitter spreads expiry of keys written together', async () => {
      const cache = harness.create({ ttlMs: 10_000, jitter: 0.5 });
      for (let key = 0; key < 40; key++) await cache.set(`j${key}`, key);
      await advance(7_500); // jittered TTLs are uniform in (5 s, 10 s]
      let fresh = 0;
      for (let key = 0; key < 40; key++) if ((await cache.get(`j${key}`)) !== undefined) fresh++;
      expect(fresh).toBeGreaterThan(5);
      expect(fresh).toBeLessThan(35);
      await advance(2_500);
      for (let key = 0; key < 40; key++) expect(await cache.get(`j${key}`)).toBeUndefined();
    });

    it('counts hits, misses, stale-served and coalesced per tag', async () => {
      const cache = harness.create({ ttlMs: 1_000, graceMs: 10_000 });
      await cache.getOrSet('t1', () => 1, { tags: ['users'] });
      await cache.getOrSet('t1', () => 1, { tags: ['users'] });
      await advance(1_000);
      await cache.getOrSet('t1', () => 2, { tags: ['users'] });
      await cache.idle();
      const tags = cache.stats().tags;
      expect(tags.users).toMatchObject({ misses: 1, hits: 1, staleServed: 1, refreshes: 1 });
    });

    it('rejects bad lifetimes with a RangeError naming the option', async () => {
      expect(() => harness.create({ ttlMs: -1 })).toThrow(/ttlMs/);
      expect(() => harness.create({ jitter: 1 })).toThrow(/jitter/);
      const cache = harness.create();
      await expect(cache.set('k', 1, { graceMs: -5 })).rejects.toThrow(/graceMs/);
    });
  });
}
