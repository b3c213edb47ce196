// The Redis tier against the shared Redis on 127.0.0.1:6379 (only keys under a unique prefix), and
// a private redis-server on a free port for the outage test.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualRuntime, createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { Cache } from '../cache.js';
import { cacheContract } from '../cache.contract.js';
import { cacheRedisOptions } from './cache-redis-options.js';
import { RedisInvalidationBus } from './redis-invalidation-bus.js';
import { RedisLock } from './redis-lock.js';
import { RedisTier } from './redis-tier.js';
import { Random } from '../../runtime/index.js';
import { WriteThroughCache } from '../write-through.js';

const redisService = await findService('redis');
const runId = `pacelc-test:cache:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

async function connect(port = redisService?.port ?? 6379): Promise<Redis> {
  const redis = new Redis({ ...cacheRedisOptions, host: redisService?.host ?? '127.0.0.1', port, lazyConnect: true });
  redis.on('error', () => {});
  await redis.connect();
  return redis;
}

async function clearPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

let harnesses = 0;
function redisHarness(withL1: boolean) {
  return async () => {
    const redis = await connect();
    const runtime = new ManualRuntime({ seed: 11, startWallMs: 1_700_000_000_000 });
    const prefix = `${runId}:${++harnesses}:`;
    const tier = new RedisTier(redis, { prefix, runtime });
    return {
      runtime,
      create: (options = {}) => new Cache({ ...options, runtime, l2: tier, ...(withL1 ? {} : { l1: false as const }) }),
      io: async () => {
        for (let roundTrip = 0; roundTrip < 12; roundTrip++) await redis.ping();
      },
      cleanup: async () => {
        await clearPrefix(redis, prefix);
        redis.disconnect();
      },
    };
  };
}

describe.skipIf(!redisService)('Redis tier', () => {
  cacheContract('Redis L2 only', redisHarness(false));
  cacheContract('L1 + Redis L2', redisHarness(true));

  describe('across instances (real time, real Redis)', () => {
    const clients: Redis[] = [];
    const caches: Cache[] = [];
    const prefix = `${runId}:multi:`;
    afterAll(async () => {
      for (const cache of caches) await cache.close();
      if (clients[0] !== undefined) await clearPrefix(clients[0], prefix);
      if (clients[0] !== undefined) await clearPrefix(clients[0], `${prefix}lock:`);
      for (const client of clients) client.disconnect();
    });

    async function instance(name: string, options: { lock?: boolean; bus?: boolean } = {}): Promise<Cache> {
      const redis = await connect();
      clients.push(redis);
      const runtime = createSystemRuntime({ seed: clients.length });
      const cache = new Cache({
        runtime,
        name,
        ttlMs: 60_000,
        l2: new RedisTier(redis, { prefix, runtime }),
        ...(options.bus === true ? { bus: new RedisInvalidationBus(redis, { channel: `${prefix}bus` }) } : {}),
        ...(options.lock === true ? { lock: new RedisLock(redis, { prefix: `${prefix}lock:`, runtime }) } : {}),
      });
      await cache.ready();
      caches.push(cache);
      return cache;
    }

    it('1,000 concurrent cold requests on each of 3 instances: one load per instance without the lock, one in all with it', async () => {
      for (const [lock, expectedLoads] of [[false, 3], [true, 1]] as const) {
        const group = await Promise.all(['a', 'b', 'c'].map((name) => instance(`${name}-${lock}`, { lock })));
        let loads = 0;
        const key = `cold-${lock}`;
        const loader = async (): Promise<string> => {
          loads++;
          await new Promise((resolve) => setTimeout(resolve, 50));
          return 'value';
        };
        const reads = group.flatMap((cache) => Array.from({ length: 1_000 }, () => cache.getOrSet(key, loader)));
        expect(new Set(await Promise.all(reads))).toEqual(new Set(['value']));
        expect(loads).toBe(expectedLoads);
      }
    });

    it('an update on one instance is never served stale by the other once the invalidation arrives (window measured)', async () => {
      const [a, b] = await Promise.all([instance('writer', { bus: true }), instance('reader', { bus: true })]);
      const windowsMs: number[] = [];
      for (let round = 0; round < 20; round++) {
        const key = `window-${round}`;
        await a.set(key, 'v0');
        expect(await b.getOrSet(key, () => 'never')).toBe('v0'); // now in b's L1
        const received = b.stats().busReceived;
        const startedNs = process.hrtime.bigint();
        await a.set(key, 'v1');
        // Until the message arrives b may serve v0 from L1; after it, never.
        while (b.stats().busReceived === received) {
          await new Promise((resolve) => setImmediate(resolve));
        }
        windowsMs.push(Number(process.hrtime.bigint() - startedNs) / 1e6);
        for (let read = 0; read < 20; read++) expect(await b.get(key)).toBe('v1');
      }
      windowsMs.sort((x, y) => x - y);
      console.log(`invalidation window over Redis pub/sub: median ${windowsMs[10]?.toFixed(2)} ms, max ${windowsMs[19]?.toFixed(2)} ms (20 updates)`);
    });

    it('a fill that raced with a write on another instance is fenced out of L2', async () => {
      const [a, b] = await Promise.all([instance('fence-a'), instance('fence-b')]);
      let releaseLoader: (value: string) => void = () => {};
      const slowFill = b.getOrSet('raced', () => new Promise<string>((resolve) => (releaseLoader = resolve)));
      await new Promise((resolve) => setTimeout(resolve, 20)); // b has read the fence and is loading
      await a.set('raced', 'new');
      releaseLoader('old'); // b's loader read the source before a's write
      expect(await slowFill).toBe('old');
      await b.idle(); // b writes its fill to L2 in the background (it serves from its L1)
      expect(b.stats().fencedFills).toBe(1);
      expect(await a.get('raced')).toBe('new');
      expect(await b.get('raced')).toBe('new');
    });
  });

  describe('write-through across two instances (real time, real Redis, fenced compare-and-bump)', () => {
    it('concurrent writers and readers on both instances: every cache ends equal to the database, or empty (randomized)', async () => {
      const redisA = await connect();
      const redisB = await connect();
      const prefix = `${runId}:write-through:`;
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      try {
        for (let seed = 1; seed <= 16; seed++) {
          const random = new Random(seed);
          const database = new Map<string, string>([['k', 'v0']]);
          const source = {
            load: async (key: string) => {
              const value = database.get(key) as string; // read now, answer later
              await sleep(random.int(4));
              return value;
            },
            save: async (key: string, value: string) => {
              await sleep(random.int(4));
              database.set(key, value);
            },
          };
          const caches = [redisA, redisB].map((redis, index) => {
            const runtime = createSystemRuntime({ seed: seed * 10 + index });
            return new Cache({
              runtime,
              name: `wt-${index}`,
              ttlMs: 60_000,
              l2: new RedisTier(redis, { prefix: `${prefix}${seed}:`, runtime }),
              bus: new RedisInvalidationBus(redis, { channel: `${prefix}${seed}:bus` }),
            });
          });
          for (const cache of caches) await cache.ready();
          const stores = caches.map((cache) => new WriteThroughCache(cache, source));
          const work: Promise<unknown>[] = [];
          for (let step = 0; step < 30; step++) {
            const store = stores[random.int(2)] as WriteThroughCache<string>;
            work.push(random.chance(0.4) ? store.set('k', `v${seed}-${step}`) : store.get('k'));
            if (random.chance(0.5)) await sleep(random.int(3));
          }
          await Promise.all(work);
          for (const cache of caches) await cache.idle();
          // Wait out the invalidation delay: each instance has received every message the other published.
          const [first, second] = caches as [Cache, Cache];
          for (let wait = 0; wait < 1_000; wait++) {
            if (first.stats().busReceived >= second.stats().busPublished && second.stats().busReceived >= first.stats().busPublished) break;
            await sleep(5);
          }
          for (const cache of caches) {
            const cached = await cache.get<string>('k');
            if (cached !== undefined) expect(cached).toBe(database.get('k'));
          }
          for (const store of stores) expect(await store.get('k')).toBe(database.get('k'));
          for (const cache of caches) await cache.close();
        }
      } finally {
        await clearPrefix(redisA, prefix);
        redisA.disconnect();
        redisB.disconnect();
      }
    });
  });

  describe('RedisLock', () => {
    it('takes a lease once, releases only with its token', async () => {
      const redis = await connect();
      const lock = new RedisLock(redis, { prefix: `${runId}:lock-unit:`, runtime: new ManualRuntime({ seed: 1 }) });
      const token = await lock.acquire('k', 5_000);
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      expect(await lock.acquire('k', 5_000)).toBeUndefined();
      expect(await lock.release('k', 'not-the-token')).toBe(false);
      expect(await lock.release('k', token as string)).toBe(true);
      expect(await lock.acquire('k', 5_000)).toBeDefined();
      await clearPrefix(redis, `${runId}:lock-unit:`);
      redis.disconnect();
    });
  });
});

describe('Redis unreachable (a private redis-server, killed mid-test)', () => {
  let server: ChildProcess | undefined;
  let port = 0;
  beforeAll(async () => {
    port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
    await waitForPort(port);
  });
  afterAll(() => {
    if (server !== undefined && server.exitCode === null) server.kill('SIGKILL');
  });

  it('degrades to L1 and the loader: no request fails because Redis failed', async () => {
    const redis = await connect(port);
    const runtime = createSystemRuntime({ seed: 3 });
    const errors: string[] = [];
    const cache = new Cache({
      runtime,
      ttlMs: 60_000,
      l2: new RedisTier(redis, { prefix: 'outage:', runtime }),
      bus: new RedisInvalidationBus(redis, { channel: 'outage:bus' }),
      lock: new RedisLock(redis, { runtime }),
      onError: (_error, context) => errors.push(context.operation),
    });
    await cache.ready();
    for (let key = 0; key < 50; key++) await cache.set(`k${key}`, `cached-${key}`);
    server?.kill('SIGKILL');
    await new Promise((resolve) => server?.once('exit', resolve));

    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? cache.getOrSet(`k${index % 50}`, () => 'loaded') : cache.getOrSet(`new${index}`, () => `loaded-${index}`))),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const values = results.map((result) => (result as PromiseFulfilledResult<string>).value);
    expect(values.filter((value) => value.startsWith('cached-')).length).toBe(100); // L1 kept serving
    await expect(cache.set('k1', 'during-outage')).resolves.toBeUndefined();
    await expect(cache.delete('k2')).resolves.toBeUndefined();
    expect(await cache.get('k1')).toBe('during-outage');
    const stats = cache.stats();
    expect(stats.l2Errors).toBeGreaterThan(0);
    expect(stats.pendingL2Invalidations).toBeGreaterThan(0);
    expect(errors).toContain('l2');
    await cache.close();
    redis.disconnect();
  });
});

describe('Redis pub/sub reconnect (a private redis-server, restarted)', () => {
  let server: ChildProcess | undefined;
  afterAll(() => {
    if (server !== undefined && server.exitCode === null) server.kill('SIGKILL');
  });

  it('drops its whole L1 after the bus reconnects, since messages sent meanwhile are lost', async () => {
    const port = await freePort();
    const start = async (): Promise<void> => {
      server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
      await waitForPort(port);
    };
    await start();
    const redis = await connect(port);
    const runtime = createSystemRuntime({ seed: 4 });
    const cache = new Cache({ runtime, ttlMs: 60_000, l2: new RedisTier(redis, { prefix: 'reconnect:', runtime }), bus: new RedisInvalidationBus(redis, { channel: 'reconnect:bus' }) });
    await cache.ready();
    for (let key = 0; key < 10; key++) await cache.getOrSet(`k${key}`, () => key);
    expect(cache.l1?.size).toBe(10);
    server?.kill('SIGKILL');
    await new Promise((resolve) => server?.once('exit', resolve));
    await start();
    for (let wait = 0; wait < 400 && cache.stats().busReceived === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(cache.stats().busReceived).toBe(1);
    expect(cache.l1?.size).toBe(0);
    await cache.close();
    redis.disconnect();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    try {
      await redis.connect();
      await redis.ping();
      redis.disconnect();
      return;
    } catch {
      redis.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`redis-server did not start on port ${port}`);
}
