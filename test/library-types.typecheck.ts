// Compile-time contracts of the library's types. Never run: `npm run typecheck` (part of
// `npm test`) compiles it, and fails if a line marked @ts-expect-error compiles without an error.
import { type EventHandler, MemoryEventStore, type MemoryTables, type Projection, subscribe } from 'pacelc/eventsourcing';
import { defineSaga, MemorySagaStore, SagaOrchestrator } from 'pacelc/saga';

interface Order {
  readonly orderId: string;
  readonly amount: number;
}
interface Refund {
  readonly refundId: string;
}

const orderSaga = defineSaga<Order>()({ name: 'order', steps: [{ name: 'charge', action: ({ input }) => input.amount }] });
const refundSaga = defineSaga<Refund>()({ name: 'refund', steps: [{ name: 'pay-back', action: ({ input }) => input.refundId }] });

/** The orchestrator is typed by its definitions: names and inputs are checked at compile time. */
export async function sagas(): Promise<void> {
  const orchestrator = new SagaOrchestrator({ store: new MemorySagaStore(), definitions: [orderSaga, refundSaga] });
  await orchestrator.run('order', { id: 'o-1', input: { orderId: 'o-1', amount: 30 } });
  await orchestrator.start('refund', { id: 'r-1', input: { refundId: 'r-1' } });
  // @ts-expect-error a misspelt saga name
  await orchestrator.run('ordr', { id: 'o-2', input: { orderId: 'o-2', amount: 30 } });
  // @ts-expect-error the input of another saga
  await orchestrator.run('order', { id: 'o-3', input: { refundId: 'r-1' } });
  // @ts-expect-error a field of the wrong type
  await orchestrator.start('order', { id: 'o-4', input: { orderId: 'o-4', amount: '30' } });

  // Definitions without a literal name (`defineSaga<Input>({...})`) still work, untyped by name.
  const loose = defineSaga<Order>({ name: 'loose', steps: [{ name: 'a', action: () => 1 }] });
  await new SagaOrchestrator({ store: new MemorySagaStore(), definitions: [loose] }).run('any-name', { id: 'x', input: { orderId: 'x', amount: 1 } });
}

type OrderEvent = { type: 'OrderPlaced'; data: { customer: string } } | { type: 'OrderShipped'; data: { carrier: string } };

/** Projections and handlers get the recorded event union, narrowed by `type`: no cast. */
export const orders: Projection<MemoryTables, OrderEvent> = {
  name: 'orders',
  eventTypes: ['OrderPlaced', 'OrderShipped'],
  setup: () => undefined,
  apply: (event, tables) => {
    if (event.type === 'OrderPlaced') tables.table('orders').set(event.streamId, event.data.customer);
    else tables.table('carriers').set(event.streamId, event.data.carrier);
    // @ts-expect-error OrderShipped has no customer: data is narrowed by type
    if (event.type === 'OrderShipped') return event.data.customer;
    return undefined;
  },
};

export const handler: EventHandler<MemoryTables, OrderEvent> = (event) => {
  if (event.type === 'OrderShipped') return void event.data.carrier;
};

export function subscriptions(): void {
  const store = new MemoryEventStore();
  subscribe(store, { id: 'shipping', handler, eventTypes: ['OrderShipped'] });
  // @ts-expect-error an event type outside the union
  subscribe(store, { id: 'cancelled', handler, eventTypes: ['OrderCancelled'] });
}
