import { describe, expect, it } from 'vitest';
import { HashRing } from './ring.js';
import { partitionerContract } from './partitioner.contract.js';
import { exactBalance } from './quality.js';

partitionerContract('HashRing', (nodes) => HashRing.create(nodes), {
  maxCoefficientOfVariation: 0.08,
  maxJoinRatioToIdeal: 1.35,
  maxLeaveRatioToIdeal: 1.35,
  monotone: true,
  weights: true,
  hashRanges: true,
});

describe('HashRing', () => {
  it('places the same keys on the same nodes in every process (golden placements)', () => {
    const ring = HashRing.create(['cache-a', 'cache-b', 'cache-c']);
    const placements = ['user:1', 'user:2', 'user:3', 'order:99', 'ünïcödé'].map((key) => ring.nodeFor(key));
    expect(placements).toMatchInlineSnapshot(`
      [
        "cache-b",
        "cache-c",
        "cache-b",
        "cache-b",
        "cache-b",
      ]
    `);
  });

  it('balance improves with virtual nodes (exact, over the whole hash space)', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => `n${i}`);
    const few = exactBalance(HashRing.create(nodes, { vnodes: 16 }))?.coefficientOfVariation as number;
    const many = exactBalance(HashRing.create(nodes, { vnodes: 1024 }))?.coefficientOfVariation as number;
    expect(many).toBeLessThan(few);
    expect(many).toBeLessThan(0.06);
  });

  it('rejects bad options', () => {
    expect(() => HashRing.create(['a'], { vnodes: 0 })).toThrow(/vnodes/);
    expect(() => HashRing.create(['a'], { seed: 1.5 })).toThrow(/seed/);
  });
});
