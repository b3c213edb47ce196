// The order saga, orchestrated: create the order, charge the payment, reserve the stock, confirm.
// A failure rolls back the completed steps in reverse: release, refund, cancel.
//   npx tsx examples/saga/order-saga.ts
import { defineSaga, MemorySagaStore, SagaOrchestrator, type SagaRecord } from 'pacelc/saga';
import { newShop, type Order, type Shop } from './services.js';

/** The saga definition, over the shop's services. */
export function orderSaga(shop: Shop) {
  return defineSaga<Order>()({
    name: 'order',
    timeoutMs: 60_000,
    steps: [
      {
        name: 'create-order',
        action: ({ input }) => shop.orders.create(input.orderId),
        compensate: ({ input, outputs }) => shop.orders.cancel(input.orderId, outputs['charge-payment'] === undefined ? 'payment failed' : 'out of stock'),
      },
      {
        name: 'charge-payment',
        action: ({ input, idempotencyKey }) => shop.payments.charge(idempotencyKey, input.customer, input.amount),
        compensate: ({ actionKey }) => shop.payments.refund(actionKey),
        retry: { maxAttempts: 3, shouldRetry: (error) => !String(error).includes('insufficient funds') }, // only transient failures
        timeoutMs: 10_000,
      },
      {
        name: 'reserve-stock',
        action: ({ input, idempotencyKey }) => shop.inventory.reserve(idempotencyKey, input.sku, input.quantity),
        compensate: ({ actionKey }) => shop.inventory.release(actionKey),
        timeoutMs: 10_000,
      },
      { name: 'confirm-order', action: ({ input }) => shop.orders.confirm(input.orderId) },
    ],
  });
}

function summary(record: SagaRecord): string {
  const state = record.state;
  switch (state.status) {
    case 'completed':
      return `${record.id}: completed`;
    case 'compensated':
      return `${record.id}: compensated (${state.reason.kind === 'step-failed' ? `${state.reason.step}: ${state.reason.error}` : state.reason.kind}), undid ${state.compensated.join(' → ')}`;
    default:
      return `${record.id}: ${state.status}`;
  }
}

/** Runs three orders through the orchestrator and returns what it prints. */
export async function main(): Promise<string[]> {
  const shop = newShop();
  const orchestrator = new SagaOrchestrator({ store: new MemorySagaStore(), definitions: [orderSaga(shop)] });
  const lines: string[] = [];
  for (const order of [
    { orderId: 'order-1', customer: 'ada', sku: 'widget', quantity: 2, amount: 30 },
    { orderId: 'order-2', customer: 'bob', sku: 'widget', quantity: 1, amount: 30 },
    { orderId: 'order-3', customer: 'ada', sku: 'widget', quantity: 2, amount: 30 },
  ]) {
    lines.push(summary(await orchestrator.run('order', { id: order.orderId, input: order })));
  }
  await orchestrator.close();
  lines.push(`orders: ${[...shop.orders.orders].map(([id, order]) => `${id}=${order.status}`).join(' ')}`);
  lines.push(`ada's balance: ${shop.payments.balances.get('ada')}, bob's: ${shop.payments.balances.get('bob')}, widgets in stock: ${shop.inventory.stock.get('widget')}, reservations held: ${shop.inventory.held()}`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
