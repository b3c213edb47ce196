// Issue 20, item 10: cache tiers, locks, invalidation buses and the read-/write-through and
// write-behind wrappers check their options when they are built — a TypeError or RangeError naming
// the option and the value received — not when the option is first used.
import { describe, expect, it } from 'vitest';
import { CacheNamespace } from './cache-namespace.js';
import { Cache } from './cache.js';
import { MemoryLock } from './distributed-lock.js';
import { MemoryInvalidationBus } from './invalidation-bus.js';
import { MemoryTier } from './memory-tier.js';
import { NatsInvalidationBus } from './nats/nats-invalidation-bus.js';
import { ReadThroughCache } from './read-through.js';
import { RedisInvalidationBus } from './redis/redis-invalidation-bus.js';
import { RedisLock } from './redis/redis-lock.js';
import { RedisTier } from './redis/redis-tier.js';
import { WriteBehindCache } from './write-behind.js';
import { WriteThroughCache } from './write-through.js';

const bad = (value: unknown): never => value as never;
// Stand-ins with the methods the constructors look for; no command is ever sent in these cases.
const redis = bad({ hmget: () => 0, pipeline: () => 0, set: () => 0, eval: () => 0, publish: () => 0, duplicate: () => 0 });
const nats = bad({ publish: () => 0, subscribe: () => 0, flush: async () => {} });

describe('cache options checked at construction', () => {
  const cache = new Cache();
  const source = { load: async () => 1, save: async () => {}, saveMany: async () => {} };
  const cases: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
    ['MemoryTier maxEntries as a string', () => new MemoryTier(bad({ maxEntries: '100' })), TypeError, /Invalid option maxEntries: .*received "100"/],
    ['MemoryTier maxBytes of 0', () => new MemoryTier({ maxBytes: 0 }), RangeError, /Invalid option maxBytes: .*received 0/],
    ['MemoryTier an unknown policy', () => new MemoryTier(bad({ policy: 'lfu' })), RangeError, /Invalid option policy: .*received "lfu"/],
    ['MemoryTier sizeOf as a number', () => new MemoryTier(bad({ sizeOf: 8 })), TypeError, /Invalid option sizeOf: expected a function, received 8/],
    ['MemoryTier runtime as a string', () => new MemoryTier(bad({ runtime: 'system' })), TypeError, /Invalid option runtime: .*received "system"/],
    ['MemoryLock runtime as a number', () => new MemoryLock(bad({ runtime: 1 })), TypeError, /Invalid option runtime: .*received 1/],
    ['MemoryInvalidationBus delayMs as a string', () => new MemoryInvalidationBus(bad({ delayMs: '30' })), TypeError, /Invalid option delayMs: .*received "30"/],
    ['RedisTier without a client', () => new RedisTier(bad(undefined)), TypeError, /Invalid option redis: expected an ioredis client, received undefined/],
    ['RedisTier fenceTtlMs as a string', () => new RedisTier(redis, bad({ fenceTtlMs: '60000' })), TypeError, /Invalid option fenceTtlMs: .*received "60000"/],
    ['RedisTier serializer as JSON', () => new RedisTier(redis, bad({ serializer: JSON })), TypeError, /Invalid option serializer: .*received \{\}/],
    ['RedisTier prefix as a number', () => new RedisTier(redis, bad({ prefix: 1 })), TypeError, /Invalid option prefix: expected a string, received 1/],
    ['RedisLock runtime as a string', () => new RedisLock(redis, bad({ runtime: 'x' })), TypeError, /Invalid option runtime: .*received "x"/],
    ['RedisInvalidationBus channel as a number', () => new RedisInvalidationBus(redis, bad({ channel: 5 })), TypeError, /Invalid option channel: expected a string, received 5/],
    ['RedisInvalidationBus a client that is not one', () => new RedisInvalidationBus(bad({})), TypeError, /Invalid option redis: .*received \{\}/],
    ['NatsInvalidationBus confirm as a string', () => new NatsInvalidationBus(nats, bad({ confirm: 'yes' })), TypeError, /Invalid option confirm: expected true or false, received "yes"/],
    ['NatsInvalidationBus a wildcard subject', () => new NatsInvalidationBus(nats, { subject: 'cache.>' }), RangeError, /Invalid option subject: .*received "cache.>"/],
    ['NatsInvalidationBus a subject with a space', () => new NatsInvalidationBus(nats, { subject: 'a b' }), RangeError, /Invalid option subject: .*received "a b"/],
    ['ReadThroughCache load as a string', () => new ReadThroughCache(cache, bad('db')), TypeError, /Invalid option load: .*received "db"/],
    ['WriteThroughCache without a source', () => new WriteThroughCache(cache, bad(undefined)), TypeError, /Invalid option source: .*received undefined/],
    ['WriteThroughCache a cache that is not one', () => new WriteThroughCache(bad(new Map()), source), TypeError, /Invalid option cache: .*received \{\}/],
    ['WriteBehindCache a source without saveMany', () => new WriteBehindCache(cache, bad({ load: async () => 1 })), TypeError, /Invalid option source: expected a BatchDataSource/],
    ['WriteBehindCache flushIntervalMs as a string', () => new WriteBehindCache(cache, source, bad({ flushIntervalMs: '1000' })), TypeError, /Invalid option flushIntervalMs: .*received "1000"/],
    ['WriteBehindCache onFull unknown', () => new WriteBehindCache(cache, source, bad({ onFull: 'drop' })), RangeError, /Invalid option onFull: .*received "drop"/],
    ['WriteBehindCache onError as a string', () => new WriteBehindCache(cache, source, bad({ onError: 'log' })), TypeError, /Invalid option onError: expected a function, received "log"/],
    ['CacheNamespace prefix as a number', () => new CacheNamespace(cache, bad(1)), TypeError, /Invalid option prefix: expected a string, received 1/],
  ];
  for (const [name, build, type, message] of cases) {
    it(`refuses ${name}`, () => {
      expect(build).toThrow(type);
      expect(build).toThrow(message);
    });
  }

  it('valid options still cache (the checks are not a stub)', async () => {
    const tier = new MemoryTier({ maxEntries: 10, policy: 'w-tinylfu' });
    const withTier = new Cache({ l1: tier });
    const through = new ReadThroughCache(withTier, async (key) => `value of ${key}`);
    expect(await through.get('k')).toBe('value of k');
    expect(tier.size).toBe(1);
  });
});
