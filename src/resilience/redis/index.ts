export { RedisCircuitStore, type RedisCircuitStoreOptions } from './circuit-store.js';
export { RedisRateLimiter, type RedisRateLimiterOptions, type RedisRateAlgorithm } from './rate-limiter.js';
export type { RedisScriptClient } from './scripts.js';
