// Test support for the Redis adapters: clients with unique key prefixes, straight or through a fault-injecting proxy.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { systemRuntime } from '../../../runtime/index.js';
import type { ServiceAddress } from '../../../testing/services.js';
import { startTcpProxy, type TcpProxy } from '../../../testing/tcp-proxy.js';

/** A client that fails fast instead of queueing commands while disconnected. */
export function client(port: number, host = '127.0.0.1'): Redis {
  const redis = new Redis({ host, port, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false, retryStrategy: () => 50 });
  redis.on('error', () => {});
  return redis;
}

/** A key prefix no other test (or other engineer's test run) uses. */
export function uniquePrefix(label: string): string {
  return `pacelc-test:${label}:${randomUUID()}:`;
}

/** Resolves once the client is connected. */
export function ready(redis: Redis): Promise<void> {
  return new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())));
}

export async function proxiedClient(address: ServiceAddress): Promise<{ proxy: TcpProxy; redis: Redis }> {
  const proxy = await startTcpProxy({ target: { host: address.host, port: address.port } });
  const redis = client(proxy.port);
  await ready(redis);
  return { proxy, redis };
}

/** Deletes every key under `prefix` (tests clean up after themselves on the shared Redis). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export const sleep = (ms: number): Promise<void> => systemRuntime().sleep(ms);

/** Polls `condition` until it holds or `timeoutMs` passes (background work on a loaded machine takes a variable time). */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<boolean> {
  const runtime = systemRuntime();
  const deadlineMs = runtime.clock.monotonicMs() + timeoutMs;
  while (runtime.clock.monotonicMs() < deadlineMs) {
    if (await condition()) return true;
    await runtime.sleep(10);
  }
  return condition();
}
