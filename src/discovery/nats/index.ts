export { NatsRegistry, type NatsRegistryOptions } from './nats-registry.js';
