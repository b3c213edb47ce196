import { expect, it } from 'vitest';
import { main } from './order-summary.js';

it('keeps an order-summary read model, parks a bad event with its stream, replays it, and rebuilds (docs/eventsourcing.md)', async () => {
  expect(await main()).toEqual([
    'read model (order-2 is stuck at its bad event):',
    '  order-1 Ada: 2 items, 102.50, shipped',
    '  order-2 Grace: 0 items, 0.00, open',
    'parked: order-2 v2 ItemAdded, attempts 3: Error: no price list for mystery-box',
    'parked: order-2 v3 ItemAdded, attempts 0: blocked: an earlier event of stream "order-2" is parked',
    'after the fix, replayed 2 parked events (0 left):',
    '  order-1 Ada: 2 items, 102.50, shipped',
    '  order-2 Grace: 2 items, 14.50, open',
    'rebuilt from position 0 into order_summaries_rebuild_1_… (7 events), then swapped in:',
    '  order-1 Ada: 4 items, 102.50, shipped',
    '  order-2 Grace: 2 items, 14.50, open',
  ]);
});
