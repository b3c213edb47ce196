// Issue 20, item 14 (fault half) for the NATS invalidation bus: the bus fault contract through the
// fault-injecting proxy in front of the shared NATS (never stopped). Core NATS does not replay
// what a disconnected subscriber missed, so the subscriber drops its whole L1 on reconnect.
import { connect } from 'nats';
import { findService } from '../../testing/services.js';
import { invalidationBusFaultContract } from '../invalidation-bus-faults.contract.js';
import { NatsInvalidationBus } from './nats-invalidation-bus.js';

const natsService = await findService('nats');

invalidationBusFaultContract('NatsInvalidationBus', natsService === undefined ? undefined : {
  target: { host: natsService.host, port: natsService.port },
  channel: () => `pacelc.test.busfaults.${process.pid}.${Math.floor(Math.random() * 1e9)}`,
  openBus: async (address, subject, cleanup) => {
    const connection = await connect({ servers: `${address.host}:${address.port}`, reconnectTimeWait: 50, maxReconnectAttempts: -1 });
    cleanup.push(() => connection.close().catch(() => undefined));
    return new NatsInvalidationBus(connection, { subject });
  },
});
