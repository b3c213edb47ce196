// Issue 20, item 14 (fault half) for the Redis invalidation bus: two cache instances sharing an L2,
// one of them behind the fault-injecting TCP proxy (never the shared Redis itself). A connection
// cut, reset or blackholed mid-stream, and a server "restart" (connections reset, new ones refused,
// then accepted again), must give typed errors, keep the process alive and wedge nothing; what the
// cut loses is made safe (the subscriber drops its whole L1 on reconnect) and what was
// acknowledged reaches the other instance afterwards.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../resilience/redis/testing/redis-support.js';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy.js';
import { CacheBusTimeoutError } from '../cache-errors.js';
import { Cache } from '../cache.js';
import { MemoryTier } from '../memory-tier.js';
import { RedisInvalidationBus } from './redis-invalidation-bus.js';

const redisService = await findService('redis');

describe.skipIf(!redisService)('Redis invalidation bus under faults', () => {
  const target = { host: redisService?.host as string, port: redisService?.port as number };
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** Instance `a` and `b` on one channel and one shared L2; the one named in `proxied` goes through a proxy. */
  async function twoInstances(proxied: 'a' | 'b'): Promise<{ a: Cache; b: Cache; proxy: TcpProxy; errors: unknown[] }> {
    const channel = `pacelc-test:bus-faults:${process.pid}:${Math.floor(Math.random() * 1e9)}`;
    const proxy = await startTcpProxy({ target });
    const runtime = createSystemRuntime({ seed: 7 });
    const shared = new MemoryTier({ runtime });
    const errors: unknown[] = [];
    const open = (viaProxy: boolean): Redis => {
      // ioredis defaults on purpose (offline queue, resend after reconnect): the cache must cope with them.
      const redis = new Redis({ host: viaProxy ? proxy.host : target.host, port: viaProxy ? proxy.port : target.port, retryStrategy: () => 50 });
      redis.on('error', () => undefined); // resets are the point of these tests
      cleanup.push(() => redis.disconnect());
      return redis;
    };
    const cache = (name: 'a' | 'b'): Cache =>
      new Cache({ runtime, name, l2: shared, ttlMs: 600_000, busTimeoutMs: 200, bus: new RedisInvalidationBus(open(proxied === name), { channel }), onError: (error) => errors.push(error) });
    const a = cache('a');
    const b = cache('b');
    cleanup.push(() => proxy.close(), () => a.close(), () => b.close());
    await a.ready();
    await b.ready();
    return { a, b, proxy, errors };
  }

  it('a subscriber cut mid-stream misses what is sent meanwhile, drops its whole L1 on reconnect, then receives again', async () => {
    const { a, b, proxy } = await twoInstances('b');
    await a.set('k', 'v1');
    expect(await b.getOrSet('k', () => 'never')).toBe('v1'); // now in b's L1
    await b.getOrSet('other', () => 'cached in b');
    proxy.setMode('blackhole'); // b's subscription hears nothing
    await a.set('k', 'v2'); // acknowledged: in L2, published — but b cannot hear it
    expect(await b.get('k')).toBe('v1'); // the documented window: b's L1 is stale during the cut
    proxy.cutConnections(); // the cut connection is reset …
    proxy.heal(); // … and b reconnects
    expect(await eventually(() => b.l1?.size === 0)).toBe(true); // its L1 dropped on reconnect, not trusted
    expect(await b.get('k')).toBe('v2'); // from the shared L2
    const received = b.stats().busReceived;
    await a.set('k', 'v3'); // after the reconnect, invalidations reach b again
    expect(await eventually(() => b.stats().busReceived > received)).toBe(true);
    expect(await b.get('k')).toBe('v3');
  }, 20_000);

  it('a publisher whose connection is blackholed: writes do not wait for it (CacheBusTimeoutError), and the invalidation reaches the other instance once the connection is back', async () => {
    const { a, b, proxy, errors } = await twoInstances('a');
    await a.set('k', 'v1');
    expect(await b.getOrSet('k', () => 'never')).toBe('v1');
    proxy.setMode('blackhole');
    await a.set('k', 'v2'); // returns although the bus never answers (it used to wait until the connection came back)
    const timeout = errors.find((error) => error instanceof CacheBusTimeoutError);
    expect(timeout).toMatchObject({ code: 'CACHE_BUS_TIMEOUT', outcome: 'unknown', timeoutMs: 200 });
    expect(await b.get('k')).toBe('v1'); // not delivered yet: the connection is still blackholed
    proxy.cutConnections(); // reset …
    proxy.heal(); // … and back: ioredis resends, the cache retries or re-sends what it kept
    expect(await eventually(async () => (await b.get('k')) === 'v2', 10_000)).toBe(true);
    await a.idle();
  }, 20_000);

  it('a server restart (connections reset, new ones refused, then accepted): both sides recover, and nothing acknowledged after it is lost', async () => {
    const { a, b, proxy } = await twoInstances('b');
    await a.set('k', 'v1');
    expect(await b.getOrSet('k', () => 'never')).toBe('v1');
    proxy.setMode('refuse');
    proxy.cutConnections(); // "the server went down"
    await a.set('k', 'v2'); // lost for b's subscription, which is down
    await b.set('mine', 'written while my bus is down'); // b's own publish cannot go out: the write still returns
    expect(await b.get('mine')).toBe('written while my bus is down');
    proxy.heal(); // "the server is back"
    expect(await eventually(async () => (await b.get('k')) === 'v2', 10_000)).toBe(true); // L1 dropped on reconnect
    for (const value of ['v3', 'v4']) {
      await a.set('k', value);
      expect(await eventually(async () => (await b.get('k')) === value)).toBe(true);
    }
    await b.idle();
  }, 20_000);

  it('a re-subscribe that times out after a reconnect (a client with commandTimeout) is handled, and the subscriber listens again', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    cleanup.push(() => void process.off('unhandledRejection', onUnhandled));
    const channel = `pacelc-test:bus-resubscribe:${process.pid}:${Math.floor(Math.random() * 1e9)}`;
    const proxy = await startTcpProxy({ target });
    const publisher = new Redis({ host: target.host, port: target.port });
    const subscriberClient = new Redis({ host: proxy.host, port: proxy.port, commandTimeout: 100, maxRetriesPerRequest: 1, retryStrategy: () => 20 });
    subscriberClient.on('error', () => undefined);
    cleanup.push(() => proxy.close(), () => publisher.disconnect(), () => subscriberClient.disconnect());
    // Watch the duplicate the bus opens, to partition Redis the moment it is ready again.
    const duplicate = subscriberClient.duplicate.bind(subscriberClient);
    let subscriber: Redis | undefined;
    subscriberClient.duplicate = (options) => (subscriber = duplicate(options));
    const received: string[] = [];
    const subscription = await new RedisInvalidationBus(subscriberClient, { channel }).subscribe((message) => received.push(message.action));
    cleanup.push(() => subscription.unsubscribe());
    let partitions = 0;
    subscriber?.on('ready', () => {
      if (partitions++ === 0) proxy.setMode('blackhole');
    });
    proxy.cutConnections();
    expect(await eventually(() => partitions === 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the re-subscribe has timed out by now
    proxy.cutConnections();
    proxy.heal();
    expect(await eventually(() => received.includes('clear'), 10_000)).toBe(true); // listening again, L1 to be dropped
    const bus = new RedisInvalidationBus(publisher, { channel });
    expect(await eventually(async () => {
      await bus.publish({ origin: 'other', action: 'delete', keys: ['k'] });
      return received.includes('delete');
    }, 10_000)).toBe(true);
    expect(unhandled.map(String)).toEqual([]);
  }, 20_000);
});
