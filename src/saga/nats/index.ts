export { JetStreamBus, type JetStreamBusOptions } from './jetstream-bus.js';
