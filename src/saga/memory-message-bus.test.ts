import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { MemoryMessageBus } from './memory-message-bus.js';
import { subjectMatches, type BusMessage, type DeliveredMessage } from './message-bus.js';

const message = (id: string, subject = 'orders.placed'): BusMessage => ({ id, subject, type: 'T', aggregateId: 'a', payload: { id }, headers: {} });

describe('subjectMatches', () => {
  it('matches tokens, * for one token and a final > for the rest', () => {
    expect(subjectMatches('orders.placed', 'orders.placed')).toBe(true);
    expect(subjectMatches('orders.*', 'orders.placed')).toBe(true);
    expect(subjectMatches('orders.*', 'orders.placed.v2')).toBe(false);
    expect(subjectMatches('orders.>', 'orders.placed.v2')).toBe(true);
    expect(subjectMatches('orders.>', 'orders')).toBe(false);
    expect(subjectMatches('payments.>', 'orders.placed')).toBe(false);
  });
});

describe('MemoryMessageBus', () => {
  it('delivers in order to durable consumers that keep their position, and redelivers after a failure', async () => {
    const runtime = new ManualRuntime();
    const bus = new MemoryMessageBus({ runtime });
    const seen: string[] = [];
    let failOnce = true;
    const subscription = await bus.subscribe({
      consumer: 'c',
      subjects: 'orders.>',
      redeliveryDelayMs: 10,
      handle: (delivered: DeliveredMessage) => {
        if (delivered.id === 'm2' && failOnce) {
          failOnce = false;
          throw new Error('transient');
        }
        seen.push(`${delivered.id}#${delivered.deliveryCount}`);
      },
    });
    await bus.publish(message('m1'));
    await bus.publish(message('x', 'payments.done'));
    await bus.publish(message('m2'));
    await runtime.settle();
    await runtime.advance(10);
    await runtime.settle();
    expect(seen).toEqual(['m1#1', 'm2#2']);
    await subscription.stop();
    await bus.publish(message('m3'));
    const again = await bus.subscribe({ consumer: 'c', subjects: 'orders.>', handle: (delivered) => void seen.push(delivered.id) });
    await runtime.settle();
    expect(seen.at(-1)).toBe('m3');
    await again.stop();
    await bus.close();
  });

  it('gives a message up after maxDeliveries and reports it', async () => {
    const runtime = new ManualRuntime();
    const bus = new MemoryMessageBus({ runtime });
    const given: string[] = [];
    const subscription = await bus.subscribe({ consumer: 'c', subjects: '>', maxDeliveries: 2, redeliveryDelayMs: 1, handle: () => { throw new Error('poison'); }, onGiveUp: (delivered) => void given.push(`${delivered.id}#${delivered.deliveryCount}`) });
    await bus.publish(message('p'));
    await runtime.settle();
    await runtime.advance(1);
    await runtime.settle();
    expect(given).toEqual(['p#2']);
    await subscription.stop();
  });
});
