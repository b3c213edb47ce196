import { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { registryContract } from '../registry.contract.js';
import { RedisRegistry } from './redis-registry.js';

const redis = await findService('redis');
const runId = `t${process.pid}x${Math.floor(Math.random() * 1e9)}`;
const clients: Redis[] = [];

afterAll(async () => {
  const cleaner = new Redis(redis?.url ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  if (redis !== undefined) {
    await cleaner.connect();
    let cursor = '0';
    do {
      const [next, keys] = await cleaner.scan(cursor, 'MATCH', `pacelc:test:${runId}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await cleaner.del(...keys);
    } while (cursor !== '0');
    cleaner.disconnect();
  }
  for (const client of clients) client.disconnect();
});

describe.skipIf(!redis)('RedisRegistry', () => {
  let counter = 0;
  registryContract('RedisRegistry', async () => {
    const client = new Redis(redis?.url ?? '', { maxRetriesPerRequest: 2 });
    clients.push(client);
    const registry = new RedisRegistry({ redis: client, prefix: `pacelc:test:${runId}`, resyncIntervalMs: 50, runtime: createSystemRuntime() });
    const suffix = ++counter;
    return {
      registry,
      ttlMs: 1_000, // heartbeats every 125 ms: a loaded machine's stalls must not expire the live lease
      watchDelayMs: 1_000, // resyncs every 50 ms; the bound leaves room for a loaded machine's stalls
      pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      service: (name) => `${name}-${suffix}`,
      close: () => registry.close(),
    };
  });
});
