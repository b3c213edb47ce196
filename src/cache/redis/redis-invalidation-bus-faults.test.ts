// Issue 20, item 14 (fault half) for the Redis invalidation bus: the bus fault contract
// (src/cache/invalidation-bus-faults.contract.ts) through the fault-injecting proxy in front of the
// shared Redis (never stopped), with an ioredis client on its defaults; and the re-subscribe after
// a reconnect, which with a commandTimeout used to end in an unhandled rejection.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../resilience/redis/testing/redis-support.js';
import { findService } from '../../testing/services.js';
import { startTcpProxy } from '../../testing/tcp-proxy.js';
import { invalidationBusFaultContract } from '../invalidation-bus-faults.contract.js';
import { RedisInvalidationBus } from './redis-invalidation-bus.js';

const redisService = await findService('redis');

invalidationBusFaultContract('RedisInvalidationBus', redisService === undefined ? undefined : {
  target: { host: redisService.host, port: redisService.port },
  channel: () => `pacelc-test:bus-faults:${process.pid}:${Math.floor(Math.random() * 1e9)}`,
  openBus: async (address, channel, cleanup) => {
    // ioredis defaults on purpose (offline queue, resend after reconnect): the cache must cope with them.
    const redis = new Redis({ host: address.host, port: address.port, retryStrategy: () => 50 });
    redis.on('error', () => undefined); // resets are the point of these tests
    cleanup.push(() => redis.disconnect());
    return new RedisInvalidationBus(redis, { channel });
  },
});

describe.skipIf(!redisService)('Redis invalidation bus: the re-subscribe after a reconnect', () => {
  const target = { host: redisService?.host as string, port: redisService?.port as number };
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

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
