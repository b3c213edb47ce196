export { RedisRegistry, type RedisRegistryOptions } from './redis-registry.js';
