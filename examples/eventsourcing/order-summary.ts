// CQRS: orders are written as events; an order-summary read model (a SQLite table) is kept by an
// asynchronous projection with checkpoints, and rebuilt from position 0 into a fresh table that is
// then swapped in. A handler that fails on one event parks it (and the later events of that order),
// the rest carry on; after the fix, the parked events are replayed in order. Run it:
//   npx tsx examples/eventsourcing/order-summary.ts
import type { Database } from 'better-sqlite3';
import { type Projection, startProjection } from 'pacelc/eventsourcing';
import { SqliteEventStore } from 'pacelc/eventsourcing/sqlite';
import { createSystemRuntime } from 'pacelc/runtime';

type OrderEvent =
  | { type: 'OrderPlaced'; data: { customer: string } }
  | { type: 'ItemAdded'; data: { sku: string; quantity: number; priceCents: number } }
  | { type: 'OrderShipped'; data: Record<string, never> };

/** Set to a SKU to make the projection fail on it (to show parking and replay). */
export const failOn = { sku: '' };
/** Set to true to count items, not lines (to show a rebuild). */
export const countQuantities = { enabled: false };

export const orderSummaries: Projection<Database, OrderEvent> = {
  name: 'order_summaries',
  category: 'order',
  setup: (db, table) =>
    void db.exec(`CREATE TABLE IF NOT EXISTS ${table} (order_id TEXT PRIMARY KEY, customer TEXT NOT NULL, items INTEGER NOT NULL, total_cents INTEGER NOT NULL, status TEXT NOT NULL)`),
  apply: (event, db, table) => {
    switch (event.type) {
      case 'OrderPlaced':
        db.prepare(`INSERT INTO ${table} VALUES (?, ?, 0, 0, 'open')`).run(event.streamId, event.data.customer);
        return;
      case 'ItemAdded': {
        if (event.data.sku === failOn.sku) throw new Error(`no price list for ${event.data.sku}`);
        const items = countQuantities.enabled ? event.data.quantity : 1;
        db.prepare(`UPDATE ${table} SET items = items + ?, total_cents = total_cents + ? WHERE order_id = ?`).run(items, event.data.quantity * event.data.priceCents, event.streamId);
        return;
      }
      case 'OrderShipped':
        db.prepare(`UPDATE ${table} SET status = 'shipped' WHERE order_id = ?`).run(event.streamId);
        return;
    }
  },
};

function show(db: Database): string[] {
  const rows = db.prepare('SELECT * FROM order_summaries ORDER BY order_id').all() as Array<{ order_id: string; customer: string; items: number; total_cents: number; status: string }>;
  return rows.map((row) => `  ${row.order_id} ${row.customer}: ${row.items} items, ${(row.total_cents / 100).toFixed(2)}, ${row.status}`);
}

export async function main(): Promise<string[]> {
  const lines: string[] = [];
  const runtime = createSystemRuntime({ seed: 1 });
  const store = new SqliteEventStore({ filename: ':memory:', runtime });
  const projection = await startProjection(store, orderSummaries, { runtime, pollIntervalMs: 50, retry: { maxAttempts: 3, initialDelayMs: 5 } });

  failOn.sku = 'mystery-box';
  await store.append('order-1', [
    { type: 'OrderPlaced', data: { customer: 'Ada' } },
    { type: 'ItemAdded', data: { sku: 'keyboard', quantity: 1, priceCents: 8_900 } },
    { type: 'ItemAdded', data: { sku: 'cable', quantity: 3, priceCents: 450 } },
  ]);
  await store.append('order-2', [
    { type: 'OrderPlaced', data: { customer: 'Grace' } },
    { type: 'ItemAdded', data: { sku: 'mystery-box', quantity: 1, priceCents: 1_000 } },
  ]);
  await store.append('order-2', [{ type: 'ItemAdded', data: { sku: 'cable', quantity: 1, priceCents: 450 } }]);
  const last = await store.append('order-1', [{ type: 'OrderShipped', data: {} }]);
  await projection.waitForPosition(last);
  lines.push('read model (order-2 is stuck at its bad event):', ...show(store.database));
  const parked = await store.listParked('order_summaries');
  for (const entry of parked) lines.push(`parked: ${entry.event.streamId} v${entry.event.streamVersion} ${entry.event.type}, attempts ${entry.attempts}: ${entry.error}`);

  failOn.sku = '';
  const replayed = await projection.subscription.replayParked();
  lines.push(`after the fix, replayed ${replayed.replayed} parked events (${replayed.remaining} left):`, ...show(store.database));

  countQuantities.enabled = true;
  const rebuilt = await projection.rebuild();
  lines.push(`rebuilt from position 0 into ${rebuilt.builtTable.replace(/_[0-9a-z]+$/, '_…')} (${rebuilt.applied} events), then swapped in:`, ...show(store.database));

  await projection.stop();
  await store.close();
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
