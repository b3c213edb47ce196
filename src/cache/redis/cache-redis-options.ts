import type { RedisOptions } from 'ioredis';

/**
 * ioredis settings for a cache tier: fail fast instead of queueing while Redis is unreachable
 * (no offline queue, one retry, 500 ms command timeout), and keep reconnecting in the
 * background. With them, an outage costs each request at most one fast failure before the cache's
 * circuit breaker sends it straight to L1 and the loader.
 *
 * @example
 * ```ts
 * const redis = new Redis({ ...cacheRedisOptions, host: '127.0.0.1', port: 6379, lazyConnect: true });
 * await redis.connect(); // before the first request: without an offline queue, commands fail fast until connected
 * ```
 */
export const cacheRedisOptions: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 500,
  connectTimeout: 1_000,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
};
