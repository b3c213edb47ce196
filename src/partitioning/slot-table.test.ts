import { describe, expect, it } from 'vitest';
import { partitionerContract } from './partitioner.contract.js';
import { planRebalance } from './rebalance.js';
import { REDIS_SLOT_COUNT, SlotTable } from './slot-table.js';

partitionerContract('SlotTable', (nodes) => SlotTable.create(nodes), {
  maxCoefficientOfVariation: 0.05,
  maxJoinRatioToIdeal: 1.1,
  maxLeaveRatioToIdeal: 1.1,
  monotone: true,
  weights: true,
  hashRanges: false,
});

describe('SlotTable', () => {
  it('deals contiguous runs like redis-cli --cluster create', () => {
    expect(SlotTable.create(['a', 'b', 'c']).slotRanges()).toEqual([
      { start: 0, end: 5462, node: 'a' },
      { start: 5462, end: 10923, node: 'b' },
      { start: 10923, end: 16384, node: 'c' },
    ]);
  });

  it('co-locates keys with the same hash tag', () => {
    const table = SlotTable.create(['a', 'b', 'c', 'd']);
    expect(table.nodeFor('{user:1}:cart')).toBe(table.nodeFor('{user:1}:orders'));
    expect(table.slotFor('{user:1}:cart')).toBe(table.slotFor('user:1'));
  });

  it('moves the fewest slots on a join and keeps every node at its share', () => {
    const before = SlotTable.create(['a', 'b', 'c']);
    const after = before.withNodes(['a', 'b', 'c', 'd']);
    const plan = planRebalance(before, after);
    expect(plan.unit).toBe('slot');
    const moved = plan.summary.reduce((sum, transfer) => sum + transfer.amount, 0);
    expect(moved).toBe(4096);
    expect(plan.summary.every((transfer) => transfer.to === 'd')).toBe(true);
    const counts = new Map<string, number>();
    for (const range of after.slotRanges()) counts.set(range.node, (counts.get(range.node) ?? 0) + range.end - range.start);
    expect([...counts.values()].sort()).toEqual([4096, 4096, 4096, 4096]);
    expect([...counts.values()].reduce((a, b) => a + b)).toBe(REDIS_SLOT_COUNT);
  });
});
