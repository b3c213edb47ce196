// The NATS bus against the shared NATS on 127.0.0.1:4222 (a unique subject per run).
import { connect, type NatsConnection } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { Cache } from '../cache.js';
import type { InvalidationMessage } from '../invalidation-bus.js';
import { MemoryTier } from '../memory-tier.js';
import { NatsInvalidationBus } from './nats-invalidation-bus.js';

const natsService = await findService('nats');
const subject = `pacelc.test.cache.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;

describe.skipIf(!natsService)('NatsInvalidationBus', () => {
  const connections: NatsConnection[] = [];
  afterAll(async () => {
    for (const connection of connections) await connection.close();
  });
  async function open(): Promise<NatsConnection> {
    const connection = await connect({ servers: `${natsService?.host}:${natsService?.port}` });
    connections.push(connection);
    return connection;
  }

  it('delivers published invalidations to every subscriber', async () => {
    const [publisher, subscriber] = [new NatsInvalidationBus(await open(), { subject }), new NatsInvalidationBus(await open(), { subject })];
    const received: InvalidationMessage[] = [];
    const subscription = await subscriber.subscribe((message) => received.push(message));
    await publisher.publish({ origin: 'a', action: 'delete', keys: ['k1'], tags: ['t'] });
    for (let wait = 0; wait < 200 && received.length === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received).toEqual([{ origin: 'a', action: 'delete', keys: ['k1'], tags: ['t'] }]);
    await subscription.unsubscribe();
  });

  it('two caches sharing an L2: a write on one drops the key from the other L1', async () => {
    const runtime = createSystemRuntime({ seed: 1 });
    const shared = new MemoryTier({ runtime });
    const a = new Cache({ runtime, name: 'a', l2: shared, bus: new NatsInvalidationBus(await open(), { subject: `${subject}.caches` }) });
    const b = new Cache({ runtime, name: 'b', l2: shared, bus: new NatsInvalidationBus(await open(), { subject: `${subject}.caches` }) });
    await a.ready();
    await b.ready();
    await a.set('k', 'v1');
    expect(await b.getOrSet('k', () => 'never')).toBe('v1');
    await a.set('k', 'v2');
    for (let wait = 0; wait < 200 && b.stats().busReceived < 2; wait++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await b.get('k')).toBe('v2');
    await a.close();
    await b.close();
  });
});
