import { describe, expect, it } from 'vitest';
import { BoundedLoadRing } from './bounded-load.js';
import { partitionerContract } from './partitioner.contract.js';
import { exactBalance } from './quality.js';

partitionerContract('BoundedLoadRing', (nodes) => BoundedLoadRing.create(nodes), {
  maxCoefficientOfVariation: 0.05,
  maxJoinRatioToIdeal: 2.5,
  maxLeaveRatioToIdeal: 2.5,
  monotone: false,
  weights: true,
  hashRanges: true,
});

describe('BoundedLoadRing', () => {
  it('never gives a node more than ⌈(1 + ε) × its share⌉ of the slots', () => {
    for (const epsilon of [0, 0.01, 0.1, 0.25]) {
      const ring = BoundedLoadRing.create([{ id: 'a' }, { id: 'b', weight: 2 }, { id: 'c' }, { id: 'd' }, { id: 'e', weight: 0.5 }], { epsilon, slotCount: 4096 });
      const total = 5.5;
      for (const node of ring.nodes) expect(ring.slotLoads().get(node.id)).toBeLessThanOrEqual(Math.ceil(((1 + epsilon) * 4096 * node.weight) / total));
      expect([...ring.slotLoads().values()].reduce((a, b) => a + b, 0)).toBe(4096);
    }
  });

  it('is far better balanced than a plain ring with the same points', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => `n${i}`);
    const report = exactBalance(BoundedLoadRing.create(nodes, { vnodes: 16, epsilon: 0.01 }));
    expect(report?.maxOverMean).toBeLessThanOrEqual(1.011);
  });

  it('rejects bad options', () => {
    expect(() => BoundedLoadRing.create(['a'], { epsilon: -1 })).toThrow(/epsilon/);
    expect(() => BoundedLoadRing.create(['a'], { slotCount: 0 })).toThrow(/slotCount/);
  });
});
