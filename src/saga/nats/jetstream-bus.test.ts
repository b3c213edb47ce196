import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findService } from '../../testing/services.js';
import type { DeliveredMessage } from '../message-bus.js';
import { JetStreamBus } from './jetstream-bus.js';

const nats = await findService('nats');
const unique = `${process.pid}_${Math.floor(Math.random() * 1e6)}`;

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (let waitedMs = 0; !check(); waitedMs += 10) {
    if (waitedMs > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(!nats)('JetStream bus', () => {
  let connection: NatsConnection;
  const buses: JetStreamBus[] = [];
  beforeAll(async () => {
    connection = await connect({ servers: `${nats?.host}:${nats?.port}` });
  });
  afterAll(async () => {
    for (const bus of buses) await bus.deleteStream().catch(() => undefined);
    await connection.close();
  });

  it('publishes (deduplicated by id) to durable consumers that resume after a restart and get failed messages again', async () => {
    const bus = await JetStreamBus.create({ connection, stream: `SAGA_TEST_${unique}`, subjectPrefix: `t${unique}`, ackWaitMs: 2_000 });
    buses.push(bus);
    const seen: string[] = [];
    let failFirst = true;
    const handle = (message: DeliveredMessage): void => {
      if (message.id === 'm-2' && failFirst) {
        failFirst = false;
        throw new Error('transient');
      }
      seen.push(`${message.id}#${message.deliveryCount}:${message.subject}`);
    };
    const subscription = await bus.subscribe({ consumer: 'payments', subjects: 'orders.*', handle, redeliveryDelayMs: 10 });
    for (const id of ['m-1', 'm-2', 'm-1']) await bus.publish({ id, subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o-1', payload: { id }, headers: {} });
    await bus.publish({ id: 'other', subject: 'payments.done', type: 'X', aggregateId: 'o-1', payload: {}, headers: {} });
    await until(() => seen.length >= 2);
    expect(seen).toEqual(['m-1#1:orders.placed', 'm-2#2:orders.placed']);
    await subscription.stop();
    await bus.publish({ id: 'm-3', subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o-1', payload: { big: 'x'.repeat(10) }, headers: { trace: 'abc' } });
    const received: DeliveredMessage[] = [];
    const again = await bus.subscribe({ consumer: 'payments', subjects: 'orders.*', handle: (message) => void received.push(message) });
    await until(() => received.length >= 1);
    expect(received.map((message) => [message.id, message.payload, message.headers])).toEqual([['m-3', { big: 'xxxxxxxxxx' }, { trace: 'abc' }]]);
    await again.stop();
  });
});
