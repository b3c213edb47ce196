// Caching: pacelc's L1 hot paths against lru-cache, bentocache and cache-manager; L1 + Redis L2
// miss-then-hit against bentocache's L1 + Redis; and hit ratios of LRU vs W-TinyLFU on zipf
// workloads. All peers run in the same process run, interleaved round by round.
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisDriver } from 'bentocache/drivers/redis';
import { createCache } from 'cache-manager';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { Cache } from '../src/cache/cache.js';
import type { CacheEntry } from '../src/cache/entry.js';
import { MemoryTier, type EvictionPolicy } from '../src/cache/memory-tier.js';
import { RedisTier } from '../src/cache/redis/redis-tier.js';
import { cacheRedisOptions } from '../src/cache/redis/cache-redis-options.js';
import { Random, createSystemRuntime } from '../src/runtime/index.js';
import { isReachable, serviceAddress } from '../src/testing/services.js';
import { type BenchSuite, type BenchTable, casesTable, formatNumber, measureCases } from './harness.js';

const keyCount = 1_024; // a power of two: the key index is a mask
const keys = Array.from({ length: keyCount }, (_, index) => `product:${index}`);
const values = keys.map((key, index) => ({ id: index, name: key, price: index * 1.5 }));
const forever = (value: unknown): CacheEntry => ({ value, freshUntilMs: Infinity, staleUntilMs: Infinity, recomputeMs: 0, tags: [] });
const machineNote = 'Measured on a shared 2-core machine with other jobs running: compare ratios within a table, not absolute figures across runs.';

const suite: BenchSuite = {
  name: 'cache',
  description: 'L1 hot get/set/getOrSet vs lru-cache, bentocache, cache-manager; L1 + Redis L2 miss-then-hit vs bentocache; LRU vs W-TinyLFU hit ratios on zipf.',
  async run(context) {
    const tables: BenchTable[] = [];
    let sink = 0;
    let index = 0;
    const nextKey = (): number => index++ & (keyCount - 1);

    const tier = new MemoryTier({ maxEntries: 10_000 });
    const tinyLfuTier = new MemoryTier({ maxEntries: 10_000, policy: 'w-tinylfu' });
    const cache = new Cache({ l1: { maxEntries: 10_000 } });
    const lru = new LRUCache<string, object>({ max: 10_000, fetchMethod: async (key) => ({ key }) });
    const bento = new BentoCache({ default: 'memory', stores: { memory: bentostore().useL1Layer(memoryDriver({ maxItems: 10_000 })) } });
    const manager = createCache();
    for (let key = 0; key < keyCount; key++) {
      const name = keys[key] as string;
      const value = values[key] as object;
      tier.set(name, forever(value));
      tinyLfuTier.set(name, forever(value));
      await cache.set(name, value);
      lru.set(name, value);
      await bento.set({ key: name, value });
      await manager.set(name, value);
    }
    const load = async (): Promise<object> => ({ loaded: true });

    context.log('cache: hot get');
    const gets = await measureCases(
      [
        { name: 'pacelc MemoryTier.get (L1, LRU)', fn: () => (sink += tier.get(keys[nextKey()] as string) === undefined ? 0 : 1), subject: true },
        { name: 'pacelc MemoryTier.get (L1, W-TinyLFU)', fn: () => (sink += tinyLfuTier.get(keys[nextKey()] as string) === undefined ? 0 : 1) },
        { name: 'lru-cache get', fn: () => (sink += lru.get(keys[nextKey()] as string) === undefined ? 0 : 1) },
        { name: 'pacelc Cache.get (async)', fn: () => cache.get(keys[nextKey()] as string) },
        { name: 'bentocache get (async)', fn: () => bento.get({ key: keys[nextKey()] as string }) },
        { name: 'cache-manager get (async)', fn: () => manager.get(keys[nextKey()] as string) },
      ],
      context,
    );
    tables.push(casesTable('L1 hot get (1,024 keys, all present)', gets, [
      'MemoryTier.get is synchronous like lru-cache.get; Cache.get, bentocache and cache-manager return promises (the harness awaits each). A hit allocates nothing in MemoryTier.',
      machineNote,
    ]));

    context.log('cache: set');
    const sets = await measureCases(
      [
        { name: 'pacelc MemoryTier.set (L1, LRU)', fn: () => tier.set(keys[nextKey()] as string, forever(values[index & (keyCount - 1)])), subject: true },
        { name: 'lru-cache set', fn: () => lru.set(keys[nextKey()] as string, values[index & (keyCount - 1)] as object) },
        { name: 'pacelc Cache.set (async, L1 only)', fn: () => cache.set(keys[nextKey()] as string, values[index & (keyCount - 1)]) },
        { name: 'bentocache set (async)', fn: () => bento.set({ key: keys[nextKey()] as string, value: values[index & (keyCount - 1)] }) },
        { name: 'cache-manager set (async)', fn: () => manager.set(keys[nextKey()] as string, values[index & (keyCount - 1)]) },
      ],
      context,
    );
    tables.push(casesTable('L1 set (overwriting 1,024 keys)', sets, [machineNote]));

    context.log('cache: getOrSet hit');
    const hits = await measureCases(
      [
        { name: 'pacelc Cache.getOrSet (hit)', fn: () => cache.getOrSet(keys[nextKey()] as string, load), subject: true },
        { name: 'lru-cache fetch (hit)', fn: () => lru.fetch(keys[nextKey()] as string) },
        { name: 'bentocache getOrSet (hit)', fn: () => bento.getOrSet({ key: keys[nextKey()] as string, factory: load }) },
        { name: 'cache-manager wrap (hit)', fn: () => manager.wrap(keys[nextKey()] as string, load) },
      ],
      context,
    );
    tables.push(casesTable('getOrSet hit path (L1)', hits, ['All four are async and awaited per call.', machineNote]));
    await bento.disconnectAll();
    await manager.disconnect();

    const redisAddress = serviceAddress('redis');
    if (await isReachable(redisAddress)) {
      context.log('cache: L1 + L2 miss-then-hit');
      const prefix = `pacelc-bench:cache:${process.pid}:`;
      const redis = new Redis({ ...cacheRedisOptions, host: redisAddress.host, port: redisAddress.port, lazyConnect: true });
      await redis.connect();
      const tiered = new Cache({ ttlMs: 60_000, l1: { maxEntries: 10_000 }, l2: new RedisTier(redis, { prefix: `${prefix}pacelc:` }) });
      const bentoTiered = new BentoCache({
        default: 'tiered',
        stores: { tiered: bentostore().useL1Layer(memoryDriver({ maxItems: 10_000 })).useL2Layer(redisDriver({ connection: redis, prefix: `${prefix}bento` })) },
      });
      let unique = 0;
      const missThenHit = await measureCases(
        [
          {
            name: 'pacelc Cache (L1 + RedisTier)',
            subject: true,
            fn: async () => {
              const key = `m${unique++}`;
              await tiered.getOrSet(key, load);
              await tiered.getOrSet(key, load);
            },
          },
          {
            name: 'bentocache (memory + redis)',
            fn: async () => {
              const key = `m${unique++}`;
              await bentoTiered.getOrSet({ key, factory: load, ttl: '1m' });
              await bentoTiered.getOrSet({ key, factory: load, ttl: '1m' });
            },
          },
        ],
        context,
        { rounds: 15 },
      );
      tables.push(casesTable('L1 + Redis L2: one miss (L2 read, load, L2 write) then one L1 hit, per new key', missThenHit, [
        'Redis 7 on 127.0.0.1 (shared with other tests). A pacelc miss is one round trip before the loader (HMGET and the fence GET, pipelined) and one fenced write script after it, which the caller does not wait for when there is an L1.',
        machineNote,
      ]));
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (found.length > 0) await redis.unlink(...found);
      } while (cursor !== '0');
      await bentoTiered.disconnectAll().catch(() => {}); // also closes the shared connection
      redis.disconnect();
    } else {
      context.log('cache: Redis not reachable, skipping the L1 + L2 table');
    }

    context.log('cache: hit ratios');
    const requests = context.quick ? 20_000 : 1_000_000;
    const universe = 100_000;
    const rows: string[][] = [];
    for (const capacity of [1_000, 10_000]) {
      for (const exponent of [0.6, 0.8, 1.0, 1.2]) {
        const ratio = (policy: EvictionPolicy | 'lru-cache'): number => {
          const sample = new Random(42).zipfSampler(universe, exponent);
          const ours = policy === 'lru-cache' ? undefined : new MemoryTier({ maxEntries: capacity, policy, runtime: createSystemRuntime({ seed: 42 }) });
          const theirs = policy === 'lru-cache' ? new LRUCache<string, number>({ max: capacity }) : undefined;
          let hitCount = 0;
          for (let request = 0; request < requests; request++) {
            const key = `k${sample()}`;
            if (ours !== undefined) {
              if (ours.get(key) !== undefined) hitCount++;
              else ours.set(key, forever(1));
            } else if (theirs !== undefined) {
              if (theirs.get(key) !== undefined) hitCount++;
              else theirs.set(key, 1);
            }
          }
          return hitCount / requests;
        };
        const lruRatio = ratio('lru');
        const tinyLfuRatio = ratio('w-tinylfu');
        const lruCacheRatio = ratio('lru-cache');
        rows.push([
          formatNumber(capacity),
          String(exponent),
          `${(100 * lruRatio).toFixed(2)}%`,
          `**${(100 * tinyLfuRatio).toFixed(2)}%**`,
          `${(100 * lruCacheRatio).toFixed(2)}%`,
          `${(100 * (tinyLfuRatio - lruRatio)).toFixed(2)} pp`,
        ]);
      }
    }
    tables.push({
      title: `Hit ratio on zipf workloads (${formatNumber(requests)} requests over ${formatNumber(universe)} keys, Random(42).zipfSampler)`,
      columns: ['capacity (entries)', 'zipf s', 'pacelc LRU', 'pacelc W-TinyLFU', 'lru-cache', 'W-TinyLFU − LRU'],
      rows,
      notes: ['A miss stores the key. lru-cache is shown as an LRU reference: it should match pacelc LRU exactly. Hit ratios do not depend on machine load, and with the seeded runtime they are the same every run.'],
    });

    if (sink === 42) context.log('');
    return tables;
  },
};

export default suite;
