// Issue 20, item 10: registries, registrations, outlier detection, balancers and health checks
// check their options when they are built — a TypeError or RangeError naming the option and the
// value received — not when the option is first used.
import { describe, expect, it } from 'vitest';
import { consistentHashing, leastOutstanding, powerOfTwoChoices, randomChoice, roundRobin, zoneAware } from './balancers/index.js';
import { httpCheck } from './health-check.js';
import { MemoryRegistry } from './memory-registry.js';
import { NatsRegistry } from './nats/nats-registry.js';
import { OutlierDetector } from './outlier-detection.js';
import { RedisRegistry } from './redis/redis-registry.js';
import { ServiceRegistration } from './service-registration.js';

const bad = (value: unknown): never => value as never;
const fakeRedis = { defineCommand: () => undefined, duplicate: () => undefined };
const fakeNats = { jetstream: () => undefined };

describe('discovery options checked at construction', () => {
  const registry = new MemoryRegistry();
  const instance = { service: 'orders', id: 'o-1', address: '127.0.0.1:8080' };
  const cases: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
    ['MemoryRegistry runtime as a string', () => new MemoryRegistry(bad({ runtime: 'system' })), TypeError, /Invalid option runtime: .*received "system"/],
    ['RedisRegistry without a client', () => new RedisRegistry(bad({})), TypeError, /Invalid option redis: expected an ioredis client, received undefined/],
    ['RedisRegistry resyncIntervalMs as a string', () => new RedisRegistry(bad({ redis: fakeRedis, resyncIntervalMs: '1000' })), TypeError, /Invalid option resyncIntervalMs: .*received "1000"/],
    ['RedisRegistry readTimeoutMs of 0', () => new RedisRegistry(bad({ redis: fakeRedis, readTimeoutMs: 0 })), RangeError, /Invalid option readTimeoutMs: .*received 0/],
    ['RedisRegistry prefix as a number', () => new RedisRegistry(bad({ redis: fakeRedis, prefix: 5 })), RangeError, /Invalid option prefix: .*received 5/],
    ['RedisRegistry runtime as a number', () => new RedisRegistry(bad({ redis: fakeRedis, runtime: 5 })), TypeError, /Invalid option runtime: .*received 5/],
    ['OutlierDetector baseEjectionMs as a string', () => new OutlierDetector(bad({ baseEjectionMs: '30000' })), TypeError, /Invalid option baseEjectionMs: .*received "30000"/],
    ['OutlierDetector maxEjectedShare above 1', () => new OutlierDetector({ maxEjectedShare: 2 }), RangeError, /Invalid option maxEjectedShare: .*received 2/],
    ['consistentHashing virtualNodes as a string', () => consistentHashing(bad({ virtualNodes: '160' })), TypeError, /Invalid option virtualNodes: .*received "160"/],
    ['zoneAware without a balancer', () => zoneAware(bad({ zone: 'a' })), TypeError, /Invalid option within: .*received undefined/],
    ['zoneAware zone as a number', () => zoneAware(bad({ zone: 1, within: roundRobin() })), TypeError, /Invalid option zone: expected a string, received 1/],
    ['zoneAware minimumLocalShare as a string', () => zoneAware(bad({ zone: 'a', within: roundRobin(), minimumLocalShare: '0.5' })), TypeError, /Invalid option minimumLocalShare: .*received "0.5"/],
    ['powerOfTwoChoices by an unknown cost', () => powerOfTwoChoices(bad({ by: 'latency' })), RangeError, /Invalid option by: .*received "latency"/],
    ['leastOutstanding runtime as a number', () => leastOutstanding(bad({ runtime: 1 })), TypeError, /Invalid option runtime: .*received 1/],
    ['randomChoice options as a string', () => randomChoice(bad('seeded')), TypeError, /options of randomChoice: expected an object, received "seeded"/],
    ['httpCheck path as a number', () => httpCheck(bad({ path: 200 })), TypeError, /Invalid option path: expected a string, received 200/],
    ['httpCheck path without a slash', () => httpCheck({ path: 'health' }), RangeError, /Invalid option path: .*received "health"/],
  ];
  for (const [name, build, type, message] of cases) {
    it(`refuses ${name}`, () => {
      expect(build).toThrow(type);
      expect(build).toThrow(message);
    });
  }

  const asyncCases: Array<[string, () => Promise<unknown>, ErrorConstructor, RegExp]> = [
    ['NatsRegistry without a connection', () => NatsRegistry.create(bad({})), TypeError, /Invalid option connection: .*received undefined/],
    ['NatsRegistry maxLeaseMs as a string', () => NatsRegistry.create(bad({ connection: fakeNats, maxLeaseMs: '60000' })), TypeError, /Invalid option maxLeaseMs: .*received "60000"/],
    ['NatsRegistry clockProbeIntervalMs as a string', () => NatsRegistry.create(bad({ connection: fakeNats, clockProbeIntervalMs: '10' })), TypeError, /Invalid option clockProbeIntervalMs: .*received "10"/],
    ['ServiceRegistration registry that is not a registry', () => ServiceRegistration.start(bad({ registry: {}, instance })), TypeError, /Invalid option registry: .*received \{\}/],
    ['ServiceRegistration instance as a string', () => ServiceRegistration.start(bad({ registry, instance: 'orders' })), TypeError, /Invalid option instance: .*received "orders"/],
    ['ServiceRegistration ttlMs as a string', () => ServiceRegistration.start(bad({ registry, instance, ttlMs: '10000' })), TypeError, /Invalid option ttlMs: .*received "10000"/],
    ['ServiceRegistration onError as a string', () => ServiceRegistration.start(bad({ registry, instance, onError: 'log' })), TypeError, /Invalid option onError: expected a function, received "log"/],
    ['ServiceRegistration a check that is not a HealthCheck', () => ServiceRegistration.start(bad({ registry, instance, checks: [{ check: '/health' }] })), TypeError, /Invalid option checks\[0\]\.check: .*received "\/health"/],
    ['ServiceRegistration a check interval as a string', () => ServiceRegistration.start(bad({ registry, instance, checks: [{ check: httpCheck(), intervalMs: '5' }] })), TypeError, /Invalid option checks\[0\]\.intervalMs: .*received "5"/],
  ];
  for (const [name, build, type, message] of asyncCases) {
    it(`refuses ${name}`, async () => {
      await expect(build()).rejects.toThrow(type);
      await expect(build()).rejects.toThrow(message);
    });
  }

  it('nothing was registered by a refused registration, and a valid one still registers (the checks are not a stub)', async () => {
    expect(await registry.instances('orders')).toEqual([]);
    const registration = await ServiceRegistration.start({ registry, instance, ttlMs: 10_000 });
    expect((await registry.instances('orders')).map((live) => live.id)).toEqual(['o-1']);
    await registration.stop();
    await registry.close();
  });
});
