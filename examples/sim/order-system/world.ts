// The order system as a simulated world: four processes built from pacelc parts, a workload of
// orders (more than the stock holds, so some roll back), and the four invariants. Each export is
// one world: `orderSystem` is correct; the other three each carry one bug.
//   npx pacelc simulate --app examples/sim/order-system/world.ts --seeds 1..20
import { defineWorld, type WorldDefinition, type WorldFaultOptions } from 'pacelc/world';
import { type Order, type OrderSystemBug, inventory, orders, payment, shipping } from './services.js';

const STOCK = { widget: 3, gadget: 3 } as const;
const ORDERS = 10;

/** The order system, with `bug` switched on (or none), and `moreFaults` added to its fault mix. */
export function orderSystemWorld(bug?: OrderSystemBug, moreFaults: WorldFaultOptions = {}, name?: string): WorldDefinition {
  return defineWorld({
    name: name ?? (bug === undefined ? 'order-system' : `order-system (${bug})`),
    durationMs: 4_000,
    quiesceMs: 12_000,
    faults: { crashes: 3, partitions: 1, clockSkews: 1, lossProbability: 0.02, duplicateProbability: 0.02, ...moreFaults },
    setup(world) {
      world.process('orders', (p) => orders(p, bug));
      world.process('payment', (p) => payment(p, bug));
      world.process('inventory', (p) => inventory(p, STOCK));
      world.process('shipping', (p) => shipping(p));

      world.client(async (c) => {
        for (let index = 0; index < ORDERS; index++) {
          const order: Order = { orderId: `order-${index + 1}`, sku: c.random.pick(Object.keys(STOCK)), quantity: 1, amount: 10 + c.random.int(90) };
          // Place until accepted: placing is idempotent (the saga id is the order id).
          for (let attempt = 0; attempt < 20; attempt++) {
            try {
              await c.call('orders', 'place', order, { timeoutMs: 300 });
              break;
            } catch {
              await c.sleep(100);
            }
          }
          await c.sleep(50 + c.random.int(250));
        }
      });

      const counts = (process: string, table: string) => world.database(process).rows<number>(table);
      world.always('no payment charged twice', () => {
        for (const [orderId, n] of counts('payment', 'captured')) if (n > 1) return `${orderId} captured ${n} times`;
        for (const [orderId, n] of counts('payment', 'refunded')) if (n > 1) return `${orderId} refunded ${n} times`;
        return true;
      });
      world.eventually('every saga completed or compensated', async () => {
        const sagas = await world.sagaStore('orders').list({ limit: 1_000 });
        const open = sagas.filter((saga) => saga.state.status !== 'completed' && saga.state.status !== 'compensated');
        return open.length === 0 || `${open.map((saga) => `${saga.id} is ${saga.state.status}`).join(', ')}`;
      });
      world.eventually('no reservation left behind', async () => {
        const completed = new Set((await world.sagaStore('orders').list({ statuses: ['completed'], limit: 1_000 })).map((saga) => saga.id));
        const held = world.database('inventory').rows<{ orderId: string; status: string }>('reservations').filter(([, reservation]) => reservation.status === 'held');
        const orphans = held.filter(([, reservation]) => !completed.has(reservation.orderId));
        return orphans.length === 0 || `${orphans.map(([, reservation]) => reservation.orderId).join(', ')} still hold stock without a completed order`;
      });
      world.eventually('every relayed message applied once', () => {
        const captured = new Map(counts('payment', 'captured'));
        const shipped = new Map(counts('shipping', 'shipments'));
        for (const message of world.database('orders').outbox()) {
          const orderId = message.aggregateId;
          if (captured.get(orderId) !== 1) return `${message.id}: payment applied it ${captured.get(orderId) ?? 0} times`;
          if (shipped.get(orderId) !== 1) return `${message.id}: shipping applied it ${shipped.get(orderId) ?? 0} times`;
        }
        return true;
      });

      world.sometimes('an order completed', () => world.database('orders').count('confirmed') > 0);
      world.sometimes('a saga compensated (a refund ran)', () => world.database('payment').count('refunds') > 0);
      world.sometimes('a compensation arrived before its action (a tombstone)', () => world.database('payment').rows<{ tombstone: boolean }>('refunds').some(([, refund]) => refund.tombstone));
      world.sometimes('the broker stored a message twice', () => world.published().length > world.database('orders').outbox().length);
    },
  });
}

export const orderSystem = orderSystemWorld();
export const consumerWithoutInbox = orderSystemWorld('consumer-without-inbox');
export const relayMarksBeforeAck = orderSystemWorld('relay-marks-before-ack');
export const nonIdempotentCompensation = orderSystemWorld('non-idempotent-compensation');
/** The correct order system whose broker crashes too, twice a run. */
export const orderSystemWithBrokerCrashes = orderSystemWorld(undefined, { brokerCrashes: 2 }, 'order-system (broker crashes)');
