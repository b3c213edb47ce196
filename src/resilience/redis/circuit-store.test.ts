import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { circuitBreaker } from '../breaker/circuit-breaker.js';
import { describeSharedCircuitStore } from '../breaker/shared-circuit.contract.js';
import { consecutiveFailures } from '../breaker/trip-strategy.js';
import { BrokenCircuitError } from '../errors.js';
import type { ResilienceEvent } from '../events.js';
import { RedisCircuitStore } from './circuit-store.js';
import { client, deleteKeys, eventually, proxiedClient, ready, sleep, uniquePrefix } from './testing/redis-support.js';

const address = await findService('redis');
let redis: Redis | undefined;
const prefix = uniquePrefix('circuit');
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

describeSharedCircuitStore(
  'redis',
  () => ({
    store: async () => new RedisCircuitStore({ redis: redis as Redis, name: `c${counter++}`, prefix }),
    wait: sleep,
  }),
  !address,
);

describe.skipIf(!address)('circuit breakers sharing state through Redis', () => {
  it('an instance that trips opens the circuit for the others', async () => {
    const runtime = createSystemRuntime({ seed: 1 });
    const store = () => new RedisCircuitStore({ redis: redis as Redis, name: 'shared-trip', prefix });
    const a = circuitBreaker({ runtime, trip: consecutiveFailures(1), openMs: 60_000, shared: { store: store(), syncIntervalMs: 0 } });
    const b = circuitBreaker({ runtime, trip: consecutiveFailures(1), openMs: 60_000, shared: { store: store(), syncIntervalMs: 0 } });
    await a.execute(() => Promise.reject(new Error('down'))).catch(() => {});
    // b learns it from Redis on a background sync that its own calls trigger.
    const followed = await eventually(async () => {
      await b.execute(() => 'ok').catch(() => {});
      return b.state.kind === 'open';
    });
    expect(followed).toBe(true);
    await expect(b.execute(() => 'ok')).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(b.state.kind).toBe('open');
  });

  it('keeps working on local state when Redis becomes unreachable mid-test: no call fails because Redis failed', async () => {
    const { proxy, redis: proxied } = await proxiedClient(address as NonNullable<typeof address>);
    try {
      const events: ResilienceEvent[] = [];
      const breaker = circuitBreaker({
        runtime: createSystemRuntime({ seed: 2 }),
        trip: consecutiveFailures(3),
        openMs: 100,
        shared: { store: new RedisCircuitStore({ redis: proxied, name: 'partitioned', prefix }), syncIntervalMs: 0, timeoutMs: 50 },
      });
      breaker.onEvent((event) => events.push(event));
      expect(await breaker.execute(() => 'before')).toBe('before');
      proxy.setMode('blackhole');
      for (let i = 0; i < 20; i++) expect(await breaker.execute(() => i)).toBe(i);
      proxy.cutConnections();
      proxy.setMode('refuse');
      for (let i = 0; i < 20; i++) expect(await breaker.execute(() => i)).toBe(i);
      // It still trips and recovers on its own while Redis is gone.
      for (let i = 0; i < 3; i++) await breaker.execute(() => Promise.reject(new Error('dependency down'))).catch(() => {});
      expect(breaker.state.kind).toBe('open');
      await sleep(120);
      expect(await breaker.execute(() => 'probe')).toBe('probe');
      expect(breaker.state.kind).toBe('closed');
      expect(events.some((event) => event.type === 'breaker.shared-unavailable')).toBe(true);
      proxy.heal();
    } finally {
      proxied.disconnect();
      await proxy.close();
    }
  });
});
