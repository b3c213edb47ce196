import { describe, expect, it } from 'vitest';
import { Rendezvous } from './rendezvous.js';
import { partitionerContract } from './partitioner.contract.js';
import { measureBalance } from './quality.js';

partitionerContract('Rendezvous', (nodes) => Rendezvous.create(nodes), {
  maxCoefficientOfVariation: 0.05,
  maxJoinRatioToIdeal: 1.15,
  maxLeaveRatioToIdeal: 1.15,
  monotone: true,
  weights: true,
  hashRanges: false,
});

describe('Rendezvous', () => {
  it('the replica list is the nodes by descending score, so removing the owner promotes the second', () => {
    const hrw = Rendezvous.create(['a', 'b', 'c', 'd', 'e']);
    for (let i = 0; i < 500; i++) {
      const key = `k${i}`;
      const [first, second] = hrw.replicasFor(key, 2);
      const without = hrw.withNodes(hrw.nodes.filter((node) => node.id !== first));
      expect(without.nodeFor(key)).toBe(second);
    }
  });

  it('weighted scores give each node its exact share (logarithmic method)', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}`);
    const report = measureBalance(Rendezvous.create([{ id: 'a', weight: 1 }, { id: 'b', weight: 2 }, { id: 'c', weight: 5 }]), keys);
    expect(report.coefficientOfVariation).toBeLessThan(0.03);
  });
});
