import { connect } from 'nats';
import { describe, expect, it } from 'vitest';
import { JetStreamBus } from '../../src/saga/nats/index.js';
import { findService } from '../../src/testing/services.js';
import { main as choreographed } from './order-choreography.js';
import { main as orchestrated } from './order-saga.js';

const nats = await findService('nats');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const outcome = [
  'orders: order-1=confirmed order-2=cancelled (Error: insufficient funds: bob has 5, needs 30) order-3=cancelled (Error: out of stock: widget has 1, needs 2)',
  "ada's balance: 70, bob's: 5, widgets in stock: 1, reservations held: 1",
];

describe('the order saga of docs/saga.md', () => {
  it('orchestrated: one order completes, a payment failure and an out-of-stock roll back in reverse', async () => {
    expect(await orchestrated()).toEqual([
      'order-1: completed',
      'order-2: compensated (charge-payment: Error: insufficient funds: bob has 5, needs 30), undid charge-payment → create-order',
      'order-3: compensated (reserve-stock: Error: out of stock: widget has 1, needs 2), undid reserve-stock → charge-payment → create-order',
      'orders: order-1=confirmed order-2=cancelled order-3=cancelled',
      "ada's balance: 70, bob's: 5, widgets in stock: 1, reservations held: 1",
    ]);
  });

  it('choreographed over the in-memory bus: the same outcome, the refund being a reaction to InventoryFailed', async () => {
    expect(await choreographed(undefined, sleep)).toEqual(outcome);
  });

  it.skipIf(!nats)('choreographed over NATS JetStream with durable consumers: the same outcome', async () => {
    const connection = await connect({ servers: `${nats?.host}:${nats?.port}` });
    const unique = `${process.pid}_${Math.floor(Math.random() * 1e6)}`;
    const bus = await JetStreamBus.create({ connection, stream: `SAGA_EXAMPLE_${unique}`, subjectPrefix: `shop${unique}` });
    try {
      expect(await choreographed(bus, sleep)).toEqual(outcome);
    } finally {
      await bus.deleteStream();
      await connection.close();
    }
  });
});
