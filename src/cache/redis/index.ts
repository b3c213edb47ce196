export { cacheRedisOptions } from './cache-redis-options.js';
export { RedisInvalidationBus, type RedisInvalidationBusOptions } from './redis-invalidation-bus.js';
export { RedisLock, type RedisLockOptions } from './redis-lock.js';
export { RedisScript } from './redis-script.js';
export { RedisTier, escapeGlob, jsonSerializer, type RedisTierOptions, type Serializer } from './redis-tier.js';
