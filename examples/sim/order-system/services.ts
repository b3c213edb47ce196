// The services of the order system, each built from pacelc parts on the world's runtime and
// durable stores. `bug` switches on one of three realistic mistakes; without it every invariant
// holds under crashes, partitions, loss, duplication and clock skew.
import { DiscoveryClient, ServiceRegistration } from 'pacelc/discovery';
import { circuitBreaker, consecutiveFailures, exponentialBackoff } from 'pacelc/resilience';
import { defineSaga, OutboxRelay, SagaConflictError, SagaOrchestrator, type MessageBus, type OutboxSource } from 'pacelc/saga';
import type { ProcessContext, WorldDatabase } from 'pacelc/world';

/** The three bugs the sweeps must find. */
export type OrderSystemBug = 'consumer-without-inbox' | 'relay-marks-before-ack' | 'non-idempotent-compensation';

export interface Order {
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly amount: number;
}

export class OutOfStockError extends Error {
  override readonly name = 'OutOfStockError';
}

export class CancelledKeyError extends Error {
  override readonly name = 'CancelledKeyError';
}

/** Registers the process in the registry under `service`, with heartbeats (a crash stops them: the lease runs out). */
async function register(p: ProcessContext, service: string): Promise<void> {
  await ServiceRegistration.start({ registry: p.registry, instance: { service, id: p.name, address: `${p.name}:80` }, ttlMs: 1_500, heartbeatIntervalMs: 300, runtime: p.runtime });
}

/** payment: authorizes on the saga's `pay` step, refunds on its compensation, captures (takes the money) when it hears `orders.confirmed`. */
export async function payment(p: ProcessContext, bug: OrderSystemBug | undefined): Promise<void> {
  const db = p.database();
  p.serve('authorize', (payload) => {
    const { key, order } = payload as { key: string; order: Order };
    return db.transaction((tx) => {
      const refund = tx.get('refunds', key);
      if (refund !== undefined) throw new CancelledKeyError(`authorization ${key} was refunded before it arrived`);
      if (tx.get('authorizations', key) === undefined) {
        tx.put('authorizations', key, { orderId: order.orderId, amount: order.amount });
      }
      return { authorization: key };
    });
  });
  p.serve('refund', (payload) => {
    const { key, orderId } = payload as { key: string; orderId: string };
    return db.transaction((tx) => {
      if (bug !== 'non-idempotent-compensation' && tx.get('refunds', key) !== undefined) return 'already refunded';
      const authorization = tx.get('authorizations', key);
      tx.put('refunds', key, { orderId, tombstone: authorization === undefined });
      if (authorization !== undefined) tx.put('refunded', orderId, (tx.get<number>('refunded', orderId) ?? 0) + 1);
      return 'refunded';
    });
  });
  await register(p, 'payment');
  await p.bus().subscribe({
    consumer: 'payment-capture',
    subjects: 'orders.confirmed',
    handle: async (message) => {
      const order = message.payload as Order;
      const capture = (tx: Parameters<Parameters<WorldDatabase['transaction']>[0]>[0]): void => {
        tx.put('captured', order.orderId, (tx.get<number>('captured', order.orderId) ?? 0) + 1);
      };
      if (bug === 'consumer-without-inbox') await db.transaction(capture);
      else await db.inbox('payment-capture', message.id, capture);
    },
  });
}

/** inventory: reserves stock on the saga's `reserve` step (refusing when out of stock), releases it on compensation. */
export async function inventory(p: ProcessContext, stock: Readonly<Record<string, number>>): Promise<void> {
  const db = p.database();
  await db.transaction((tx) => {
    if (tx.get('stock', '_initialized') !== undefined) return;
    for (const [sku, count] of Object.entries(stock)) tx.put('stock', sku, count);
    tx.put('stock', '_initialized', true);
  });
  p.serve('reserve', (payload) => {
    const { key, order } = payload as { key: string; order: Order };
    return db.transaction((tx) => {
      const existing = tx.get<{ status: string }>('reservations', key);
      if (existing?.status === 'released') throw new CancelledKeyError(`reservation ${key} was released before it arrived`);
      if (existing !== undefined) return { reservation: key };
      const available = tx.get<number>('stock', order.sku) ?? 0;
      if (available < order.quantity) throw new OutOfStockError(`${order.sku}: ${available} left, ${order.quantity} wanted`);
      tx.put('stock', order.sku, available - order.quantity);
      tx.put('reservations', key, { orderId: order.orderId, sku: order.sku, quantity: order.quantity, status: 'held' });
      return { reservation: key };
    });
  });
  p.serve('release', (payload) => {
    const { key, orderId } = payload as { key: string; orderId: string };
    return db.transaction((tx) => {
      const existing = tx.get<{ sku: string; quantity: number; status: string }>('reservations', key);
      if (existing === undefined) tx.put('reservations', key, { orderId, sku: '', quantity: 0, status: 'released' });
      else if (existing.status === 'held') {
        tx.put('stock', existing.sku, (tx.get<number>('stock', existing.sku) ?? 0) + existing.quantity);
        tx.put('reservations', key, { ...existing, status: 'released' });
      }
      return 'released';
    });
  });
  await register(p, 'inventory');
}

/** shipping: books one shipment per `orders.confirmed`, deduplicating redeliveries with its inbox. */
export async function shipping(p: ProcessContext): Promise<void> {
  const db = p.database();
  await p.bus().subscribe({
    consumer: 'shipping',
    subjects: 'orders.confirmed',
    handle: async (message) => {
      const order = message.payload as Order;
      await db.inbox('shipping', message.id, (tx) => tx.put('shipments', order.orderId, (tx.get<number>('shipments', order.orderId) ?? 0) + 1));
    },
  });
}

/**
 * A relay with the bug: it marks a batch sent, then publishes it (retrying in memory). A crash
 * after the mark and before the publish loses the messages: nothing will ever send them again.
 */
class RelayThatMarksFirst {
  private stopped = false;
  constructor(
    private readonly outbox: OutboxSource,
    private readonly bus: MessageBus,
    private readonly p: ProcessContext,
  ) {}

  start(): void {
    void (async () => {
      while (!this.stopped) {
        const batch = await this.outbox.pending(100);
        if (batch.length > 0) await this.outbox.markSent(batch.map((message) => message.sequence));
        for (const message of batch) {
          for (;;) {
            try {
              await this.bus.publish(message);
              break;
            } catch {
              await this.p.runtime.sleep(50);
            }
          }
        }
        await this.p.runtime.sleep(50);
      }
    })();
  }
}

/** orders: runs the order saga (pay, reserve, confirm through the outbox), resumed after every restart, and relays the outbox. */
export async function orders(p: ProcessContext, bug: OrderSystemBug | undefined): Promise<void> {
  const db = p.database();
  const breaker = () => circuitBreaker({ trip: consecutiveFailures(3), openMs: 200, runtime: p.runtime });
  const paymentService = new DiscoveryClient({ registry: p.registry, service: 'payment', instancePolicy: breaker, outlierDetection: false, runtime: p.runtime });
  const inventoryService = new DiscoveryClient({ registry: p.registry, service: 'inventory', instancePolicy: breaker, outlierDetection: false, runtime: p.runtime });
  await paymentService.start();
  await inventoryService.start();
  const call = (service: DiscoveryClient, method: string, payload: unknown) => service.call((instance) => p.call(instance.address.replace(/:\d+$/, ''), method, payload, { timeoutMs: 200 }));
  const retryUnlessRefused = { maxAttempts: 4, backoff: exponentialBackoff({ initialMs: 50, maxMs: 400 }), shouldRetry: (error: unknown) => !(error instanceof Error && /OutOfStock|CancelledKey/.test(error.message)) };

  const orderSaga = defineSaga<Order>()({
    name: 'order',
    steps: [
      {
        name: 'pay',
        action: ({ input, idempotencyKey }) => call(paymentService, 'authorize', { key: idempotencyKey, order: input }),
        compensate: ({ input, actionKey }) => call(paymentService, 'refund', { key: actionKey, orderId: input.orderId }),
        retry: retryUnlessRefused,
      },
      {
        name: 'reserve',
        action: ({ input, idempotencyKey }) => call(inventoryService, 'reserve', { key: idempotencyKey, order: input }),
        compensate: ({ input, actionKey }) => call(inventoryService, 'release', { key: actionKey, orderId: input.orderId }),
        retry: retryUnlessRefused,
      },
      {
        name: 'confirm',
        action: ({ input }) =>
          db.transaction((tx) => {
            if (tx.get('confirmed', input.orderId) !== undefined) return 'confirmed';
            tx.put('confirmed', input.orderId, input);
            tx.enqueue({ id: `${input.orderId}:confirmed`, subject: 'orders.confirmed', type: 'OrderConfirmed', aggregateId: input.orderId, payload: input });
            return 'confirmed';
          }),
      },
    ],
  });
  const orchestrator = new SagaOrchestrator({
    store: p.sagaStore(),
    definitions: [orderSaga],
    runtime: p.runtime,
    timerPollIntervalMs: 500,
    compensationRetry: { maxAttempts: 60, backoff: exponentialBackoff({ initialMs: 50, maxMs: 500 }) },
  });
  p.serve('place', async (payload) => {
    const order = payload as Order;
    try {
      await orchestrator.start('order', { id: order.orderId, input: order });
    } catch (error) {
      if (!(error instanceof SagaConflictError)) throw error; // a retried place: the saga exists
    }
    return 'accepted';
  });
  await orchestrator.resume();
  const bus = p.bus();
  if (bug === 'relay-marks-before-ack') new RelayThatMarksFirst(db, bus, p).start();
  else new OutboxRelay({ outbox: db, bus, runtime: p.runtime, pollIntervalMs: 50 }).start();
}
