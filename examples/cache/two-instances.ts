// Three cache instances over one Redis (L1 + L2 + pub/sub bus + lock), as three app servers would
// be: one load for a cold key across all of them, and how long an update takes to reach the
// others' L1. Needs Redis (PACELC_REDIS_URL, default redis://127.0.0.1:6379).
// Run: npx tsx examples/cache/two-instances.ts
import { Redis } from 'ioredis';
import { Cache } from 'pacelc/cache';
import { RedisInvalidationBus, RedisLock, RedisTier, cacheRedisOptions } from 'pacelc/cache/redis';

export async function main(redisUrl = process.env.PACELC_REDIS_URL ?? 'redis://127.0.0.1:6379'): Promise<string[]> {
  const lines: string[] = [];
  const prefix = `pacelc-example:${process.pid}:`;
  const url = new URL(redisUrl);
  const clients: Redis[] = [];
  const instance = async (name: string): Promise<Cache> => {
    const redis = new Redis({ ...cacheRedisOptions, host: url.hostname, port: Number(url.port || 6379), lazyConnect: true });
    await redis.connect();
    clients.push(redis);
    const cache = new Cache({
      name,
      ttlMs: 60_000,
      graceMs: 600_000,
      l2: new RedisTier(redis, { prefix }),
      bus: new RedisInvalidationBus(redis, { channel: `${prefix}bus` }),
      lock: new RedisLock(redis, { prefix: `${prefix}lock:` }),
    });
    await cache.ready();
    return cache;
  };
  const servers = [await instance('api-1'), await instance('api-2'), await instance('api-3')];
  try {
    let loads = 0;
    const slowQuery = async (): Promise<string> => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 'price: 10';
    };
    const reads = servers.flatMap((server) => Array.from({ length: 500 }, () => server.getOrSet('product:42', slowQuery)));
    await Promise.all(reads);
    lines.push(`3 instances x 500 concurrent cold requests: ${loads} loader call${loads === 1 ? '' : 's'} (lock waits: ${servers.map((server) => server.stats().lockWaits).join(', ')})`);

    const [writer, reader] = servers as [Cache, Cache];
    const received = reader.stats().busReceived;
    const startedNs = process.hrtime.bigint();
    await writer.set('product:42', 'price: 12');
    let staleReads = 0;
    while (reader.stats().busReceived === received) {
      if ((await reader.get('product:42')) === 'price: 10') staleReads++;
      await new Promise((resolve) => setImmediate(resolve)); // an L1 hit never yields to I/O by itself
    }
    const windowMs = Number(process.hrtime.bigint() - startedNs) / 1e6;
    let freshReads = 0;
    for (let read = 0; read < 100; read++) if ((await reader.get('product:42')) === 'price: 12') freshReads++;
    lines.push(`update on api-1 reached api-2's L1 after ${windowMs.toFixed(2)} ms (${staleReads} stale reads meanwhile); then ${freshReads}/100 reads saw the new price`);
    return lines;
  } finally {
    for (const server of servers) await server.close();
    await servers[0]?.clear();
    for (const client of clients) client.disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const text of await main()) console.log(text);
}
