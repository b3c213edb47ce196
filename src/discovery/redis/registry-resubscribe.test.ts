// A defect seen in CI (issue 20's rule: an unhandled rejection from library code is a crash): the
// registry's pub/sub connection is a duplicate of the caller's client, so it inherits a
// `commandTimeout`; after a reconnect ioredis re-subscribes by itself and drops the promise of that
// SUBSCRIBE, so when Redis is slow to answer it ("Command timed out") nothing handles the
// rejection and Node would exit. The registry re-subscribes itself, handles the failure and
// resyncs. Reproduced here through the fault-injecting proxy: the connection is cut and, as soon
// as it is ready again, partitioned, so the re-subscribe gets no reply within the command timeout.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../resilience/redis/testing/redis-support.js';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { startTcpProxy } from '../../testing/tcp-proxy.js';
import type { ServiceInstance } from '../instance.js';
import { RedisRegistry } from './redis-registry.js';

const redis = await findService('redis');

describe.skipIf(!redis)('RedisRegistry pub/sub reconnect with a command timeout', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  afterEach(() => void process.off('unhandledRejection', onUnhandled));

  it('a re-subscribe that times out after a reconnect is handled (no unhandled rejection), and watching resumes once Redis answers in time', async () => {
    process.on('unhandledRejection', onUnhandled);
    const prefix = `pacelc:test:resubscribe:${process.pid}:${Math.floor(Math.random() * 1e9)}`;
    const proxy = await startTcpProxy({ target: { host: redis?.host ?? '127.0.0.1', port: redis?.port ?? 6379 } });
    const direct = new Redis(redis?.url ?? '');
    const proxied = new Redis({ host: proxy.host, port: proxy.port, commandTimeout: 100, maxRetriesPerRequest: 1, retryStrategy: () => 20 });
    proxied.on('error', () => {});
    const writer = new RedisRegistry({ redis: direct, prefix, resyncIntervalMs: 50 });
    const reader = new RedisRegistry({ redis: proxied, prefix, resyncIntervalMs: 50, runtime: createSystemRuntime() });
    try {
      let seen: readonly ServiceInstance[] = [];
      const watch = await reader.watch('orders', (instances) => (seen = instances), () => undefined);
      await writer.register({ service: 'orders', id: 'o1', address: '10.0.0.1:80' }, { ttlMs: 30_000 });
      expect(await eventually(() => seen.length === 1)).toBe(true);

      // The moment the pub/sub connection is ready again, Redis stops answering: the SUBSCRIBE sent
      // on reconnect gets no reply within the 100 ms command timeout.
      const subscriber = (reader as unknown as { subscriber: Redis }).subscriber;
      let partitions = 0;
      subscriber.on('ready', () => {
        if (partitions++ === 0) proxy.setMode('blackhole');
      });
      proxy.cutConnections();
      expect(await eventually(() => partitions === 1)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the re-subscribe has timed out by now
      proxy.cutConnections();
      proxy.heal();
      await writer.register({ service: 'orders', id: 'o2', address: '10.0.0.2:80' }, { ttlMs: 30_000 });
      expect(await eventually(() => seen.length === 2, 10_000)).toBe(true);
      await writer.deregister('orders', 'o1'); // a change announced on pub/sub reaches the watcher again
      expect(await eventually(() => seen.map((instance) => instance.id).join() === 'o2', 10_000)).toBe(true);
      await watch.close();
      expect(unhandled.map(String)).toEqual([]);
    } finally {
      await reader.close();
      await writer.deregister('orders', 'o2').catch(() => undefined);
      await writer.close();
      proxied.disconnect();
      direct.disconnect();
      await proxy.close();
    }
  }, 20_000);
});
