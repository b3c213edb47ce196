// Issue 20, items 13 and 14 for the cache on Redis: an ioredis client left on its defaults (which
// queue and retry for about 10 s during an outage) costs a cache call at most l2TimeoutMs; the
// connection reset and the outage healed lose no value written before it. Keys are type-checked.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { startTcpProxy } from '../../testing/tcp-proxy.js';
import { CacheTierTimeoutError } from '../cache-errors.js';
import { Cache } from '../cache.js';
import { MemoryTier } from '../memory-tier.js';
import { RedisTier } from './redis-tier.js';

const redisService = await findService('redis');
const unique = `pacelc-fault-${process.pid}-${Math.floor(Math.random() * 1e6)}:`;

describe('cache keys', () => {
  it('refuses keys, tags and prefixes that are not strings, instead of colliding as "[object Object]"', async () => {
    const cache = new Cache({ l1: {}, runtime: createSystemRuntime({ seed: 1 }) });
    const a = { id: 1 } as unknown as string;
    await expect(cache.set(a, 'one')).rejects.toThrow(/Invalid cache key: expected a string, received \{"id":1\}/);
    await expect(cache.get(a)).rejects.toThrow(TypeError);
    await expect(cache.getOrSet(a, () => 'x')).rejects.toThrow(TypeError);
    await expect(cache.delete(42 as unknown as string)).rejects.toThrow(/received 42/);
    await expect(cache.deleteTag(null as unknown as string)).rejects.toThrow(/cache tag/);
    expect(() => cache.namespace(undefined as unknown as string)).toThrow(TypeError);
    await cache.close();
  });
});

describe.skipIf(!redisService)('cache on Redis under faults', () => {
  const target = { host: redisService?.host as string, port: redisService?.port as number };

  it('with ioredis defaults, a miss during an outage is answered by the loader after at most l2TimeoutMs, reported as CacheTierTimeoutError; values survive the outage', async () => {
    const proxy = await startTcpProxy({ target });
    const redis = new Redis({ host: proxy.host, port: proxy.port }); // ioredis's own defaults, on purpose
    redis.on('error', () => undefined); // resets are expected here
    const errors: unknown[] = [];
    const runtime = createSystemRuntime({ seed: 2 });
    const cache = new Cache({ l1: false, l2: new RedisTier(redis, { prefix: unique }), runtime, l2TimeoutMs: 200, l2RetryAfterMs: 50, onError: (error) => errors.push(error) });
    await cache.set('kept', 'before the outage');
    proxy.setMode('blackhole');
    expect(await cache.getOrSet('missing', () => 'from the loader')).toBe('from the loader');
    expect(errors.some((error) => error instanceof CacheTierTimeoutError)).toBe(true);
    expect(errors.find((error) => error instanceof CacheTierTimeoutError)).toMatchObject({ code: 'CACHE_TIER_TIMEOUT', outcome: 'unknown', timeoutMs: 200 });
    // server restarted: connections reset, then back
    proxy.cutConnections();
    proxy.heal();
    for (let attempt = 0; attempt < 100 && redis.status !== 'ready'; attempt++) await runtime.sleep(20);
    await runtime.sleep(60); // past l2RetryAfterMs
    expect(await cache.get('kept')).toBe('before the outage');
    await cache.close();
    redis.disconnect();
    await proxy.close();
    const cleanup = new Redis({ host: target.host, port: target.port });
    const keys = await cleanup.keys(`${unique}*`);
    if (keys.length > 0) await cleanup.del(...keys);
    cleanup.disconnect();
  }, 20_000);

  it('a memory L2 that answers synchronously takes no timer (the timeout only wraps promises)', async () => {
    const cache = new Cache({ l1: false, l2: new MemoryTier({ runtime: createSystemRuntime({ seed: 3 }) }), l2TimeoutMs: 1 });
    await cache.set('a', 1);
    expect(await cache.get('a')).toBe(1);
    await cache.close();
  });
});

describe('cache options', () => {
  it('are checked at construction: a TypeError naming the option and the value', () => {
    const bad = <T>(value: unknown): T => value as T;
    expect(() => new Cache({ l2: bad('redis://x') })).toThrow(/Invalid option l2: .*received "redis:\/\/x"/);
    expect(() => new Cache({ onError: bad(true) })).toThrow(/Invalid option onError: expected a function, received true/);
    expect(() => new Cache({ staleWhileRevalidate: bad('yes') })).toThrow(TypeError);
    expect(() => new Cache({ l2TimeoutMs: 0 })).toThrow(RangeError);
    expect(() => new Cache({ bus: bad({}) })).toThrow(/bus/);
  });
});
