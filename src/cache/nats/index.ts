export { NatsInvalidationBus, type NatsInvalidationBusOptions } from './nats-invalidation-bus.js';
