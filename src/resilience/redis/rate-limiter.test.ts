import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import type { ResilienceEvent } from '../events.js';
import { describeRateLimiter } from '../rate-limit/rate-limiter.contract.js';
import { RedisRateLimiter, type RedisRateAlgorithm } from './rate-limiter.js';
import { client, deleteKeys, eventually, proxiedClient, ready, sleep, uniquePrefix } from './testing/redis-support.js';

const address = await findService('redis');
let redis: Redis | undefined;
const prefix = uniquePrefix('rate');
let counter = 0;

beforeAll(async () => {
  if (address) {
    redis = client(address.port, address.host);
    await ready(redis);
  }
});
afterAll(async () => {
  if (redis) {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
});

const algorithms: Record<string, (limit: number, windowMs: number) => RedisRateAlgorithm> = {
  'token bucket': (limit, windowMs) => ({ kind: 'token-bucket', capacity: limit, refillPerSecond: (limit * 1000) / windowMs }),
  'leaky bucket': (limit, windowMs) => ({ kind: 'leaky-bucket', ratePerSecond: (limit * 1000) / windowMs, burst: limit }),
  'fixed window': (limit, windowMs) => ({ kind: 'fixed-window', limit, windowMs }),
  'sliding window': (limit, windowMs) => ({ kind: 'sliding-window', limit, windowMs }),
};

for (const [name, algorithm] of Object.entries(algorithms)) {
  describeRateLimiter(
    `redis ${name}`,
    () => ({
      make: (limit, windowMs) => new RedisRateLimiter({ redis: redis as Redis, algorithm: algorithm(limit, windowMs), prefix: `${prefix}${counter++}:`, timeoutMs: 1_000 }),
      wait: sleep,
    }),
    !address,
  );
}

describe.skipIf(!address)('redis rate limiter', () => {
  it('shares one allowance between instances', async () => {
    const shared = `${prefix}shared:`;
    const make = () => new RedisRateLimiter({ redis: redis as Redis, algorithm: { kind: 'fixed-window', limit: 10, windowMs: 60_000 }, prefix: shared, timeoutMs: 1_000 });
    const instances = [make(), make(), make()];
    let admitted = 0;
    for (let i = 0; i < 30; i++) if ((await (instances[i % 3] as RedisRateLimiter).tryAcquire('tenant')).allowed) admitted++;
    expect(admitted).toBe(10);
  });

  it('is atomic under concurrency: exactly the limit is admitted', async () => {
    const limiter = new RedisRateLimiter({ redis: redis as Redis, algorithm: { kind: 'token-bucket', capacity: 25, refillPerSecond: 0.001 }, prefix: `${prefix}race:`, timeoutMs: 2_000 });
    const decisions = await Promise.all(Array.from({ length: 100 }, () => limiter.tryAcquire('k')));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(25);
  });

  it('answers from the insurance limiter while Redis is unreachable, then goes back to Redis', async () => {
    const { proxy, redis: proxied } = await proxiedClient(address as NonNullable<typeof address>);
    try {
      const events: ResilienceEvent[] = [];
      const limiter = new RedisRateLimiter({
        redis: proxied,
        runtime: createSystemRuntime({ seed: 1 }),
        algorithm: { kind: 'token-bucket', capacity: 1_000, refillPerSecond: 1_000 },
        prefix: `${prefix}insured:`,
        timeoutMs: 250,
        retryRedisAfterMs: 1_000,
      });
      limiter.onEvent((event) => events.push(event));
      expect((await limiter.tryAcquire('k')).allowed).toBe(true);
      expect(limiter.usingInsurance).toBe(false);
      proxy.setMode('blackhole');
      for (let i = 0; i < 20; i++) expect((await limiter.tryAcquire('k')).allowed).toBe(true);
      expect(limiter.usingInsurance).toBe(true);
      proxy.cutConnections();
      proxy.setMode('refuse');
      for (let i = 0; i < 20; i++) expect((await limiter.tryAcquire('k')).allowed).toBe(true);
      proxy.heal();
      // The client reconnects; the limiter tries Redis again once retryRedisAfterMs has passed.
      const back = await eventually(async () => {
        await limiter.tryAcquire('k');
        return !limiter.usingInsurance;
      }, 10_000);
      expect(back).toBe(true);
      expect(events.map((event) => (event.type === 'rate-limit.insurance' ? event.engaged : undefined))).toEqual([true, false]);
    } finally {
      proxied.disconnect();
      await proxy.close();
    }
  });
});
