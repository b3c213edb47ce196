// The order saga, choreographed: no orchestrator; each service reacts to the others' events on a
// bus and publishes its own. Compensation is an event too: inventory failing makes payment refund
// and the order cancel. Every handler deduplicates on the message id (an inbox), because the bus
// delivers at least once.
//   npx tsx examples/saga/order-choreography.ts
import { MemoryMessageBus, type BusSubscription, type DeliveredMessage, type MessageBus } from 'pacelc/saga';
import { newShop, type Order, type Shop } from './services.js';

interface Event {
  readonly orderId: string;
  readonly order: Order;
  readonly reason?: string;
}

/** Wires the three services to the bus; returns the subscriptions (stop them to shut down). */
export async function wireServices(bus: MessageBus, shop: Shop): Promise<BusSubscription[]> {
  const processed = new Set<string>();
  const publish = (subject: string, type: string, event: Event): Promise<void> =>
    // A deterministic id: publishing again after a crash is deduplicated downstream.
    bus.publish({ id: `${event.orderId}:${type}`, subject, type, aggregateId: event.orderId, payload: event, headers: {} });
  const on = (consumer: string, subjects: string, handle: (event: Event) => Promise<void>) =>
    bus.subscribe({
      consumer,
      subjects,
      redeliveryDelayMs: 10,
      handle: async (message: DeliveredMessage) => {
        const key = `${consumer}/${message.id}`;
        if (processed.has(key)) return; // the inbox: a redelivery changes nothing
        await handle(message.payload as Event);
        processed.add(key);
      },
    });
  return Promise.all([
    on('payments-on-order-placed', 'orders.placed', async (event) => {
      try {
        shop.payments.charge(`${event.orderId}:charge`, event.order.customer, event.order.amount);
        await publish('payments.completed', 'PaymentCompleted', event);
      } catch (error) {
        await publish('payments.failed', 'PaymentFailed', { ...event, reason: String(error) });
      }
    }),
    on('inventory-on-payment-completed', 'payments.completed', async (event) => {
      try {
        shop.inventory.reserve(`${event.orderId}:reserve`, event.order.sku, event.order.quantity);
        await publish('inventory.reserved', 'InventoryReserved', event);
      } catch (error) {
        await publish('inventory.failed', 'InventoryFailed', { ...event, reason: String(error) });
      }
    }),
    on('payments-on-inventory-failed', 'inventory.failed', async (event) => {
      shop.payments.refund(`${event.orderId}:charge`); // the compensation, as a reaction
      await publish('payments.refunded', 'PaymentRefunded', event);
    }),
    on('orders-on-inventory-reserved', 'inventory.reserved', async (event) => shop.orders.confirm(event.orderId)),
    on('orders-on-payment-failed', 'payments.failed', async (event) => shop.orders.cancel(event.orderId, event.reason ?? 'payment failed')),
    on('orders-on-payment-refunded', 'payments.refunded', async (event) => shop.orders.cancel(event.orderId, event.reason ?? 'refunded')),
  ]);
}

/** Places an order: the order service's own step, then its event. */
export async function placeOrder(bus: MessageBus, shop: Shop, order: Order): Promise<void> {
  shop.orders.create(order.orderId);
  await bus.publish({ id: `${order.orderId}:OrderPlaced`, subject: 'orders.placed', type: 'OrderPlaced', aggregateId: order.orderId, payload: { orderId: order.orderId, order }, headers: {} });
}

/** Waits (bounded) until no order is pending. */
export async function settled(shop: Shop, sleep: (ms: number) => Promise<void>, timeoutMs = 10_000): Promise<void> {
  for (let waitedMs = 0; [...shop.orders.orders.values()].some((order) => order.status === 'pending'); waitedMs += 5) {
    if (waitedMs > timeoutMs) throw new Error('orders still pending');
    await sleep(5);
  }
}

export const orders: readonly Order[] = [
  { orderId: 'order-1', customer: 'ada', sku: 'widget', quantity: 2, amount: 30 },
  { orderId: 'order-2', customer: 'bob', sku: 'widget', quantity: 1, amount: 30 },
  { orderId: 'order-3', customer: 'ada', sku: 'widget', quantity: 2, amount: 30 },
];

/** Runs the three orders over a bus (default: in memory) and returns what it prints. */
export async function main(bus: MessageBus = new MemoryMessageBus(), sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))): Promise<string[]> {
  const shop = newShop();
  const subscriptions = await wireServices(bus, shop);
  for (const order of orders) {
    await placeOrder(bus, shop, order);
    await settled(shop, sleep); // one at a time, so the output does not depend on timing
  }
  for (const subscription of subscriptions) await subscription.stop();
  return [
    `orders: ${[...shop.orders.orders].map(([id, order]) => `${id}=${order.status}${order.reason === undefined ? '' : ` (${order.reason})`}`).join(' ')}`,
    `ada's balance: ${shop.payments.balances.get('ada')}, bob's: ${shop.payments.balances.get('bob')}, widgets in stock: ${shop.inventory.stock.get('widget')}, reservations held: ${shop.inventory.held()}`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
