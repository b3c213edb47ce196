import { describe, expect, it } from 'vitest';
import { murmur3 } from './hash.js';
import { JumpHash } from './jump.js';
import { Maglev } from './maglev.js';
import { planRebalance } from './rebalance.js';
import { HashRing } from './ring.js';

const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}`);

describe('planRebalance', () => {
  it('lists the exact hash ranges that move on a ring join, all to the new node, about 1/(N+1) of the space', () => {
    const before = HashRing.create(['a', 'b', 'c', 'd']);
    const after = before.withNodes(['a', 'b', 'c', 'd', 'e']);
    const plan = planRebalance(before, after);
    if (plan.unit !== 'hash') throw new Error('expected a hash plan');
    expect(plan.moves.every((move) => move.to === 'e' && move.from !== 'e')).toBe(true);
    expect(plan.fractionMoved).toBeGreaterThan(0.15);
    expect(plan.fractionMoved).toBeLessThan(0.25);
    // Every key whose owner changed is inside a listed range, with the listed source and target.
    for (const key of keys) {
      const hash = murmur3(key);
      const move = plan.moves.find((m) => m.start <= hash && hash < m.end);
      if (before.nodeFor(key) === after.nodeFor(key)) expect(move).toBeUndefined();
      else expect(move).toMatchObject({ from: before.nodeFor(key), to: after.nodeFor(key) });
    }
    expect(plan.summary.reduce((sum, transfer) => sum + transfer.amount, 0)).toBeCloseTo(plan.fractionMoved, 12);
  });

  it('plans Maglev changes exactly too', () => {
    const before = Maglev.create(['a', 'b', 'c'], { tableSize: 4099 });
    const after = before.withNodes(['a', 'b']);
    const plan = planRebalance(before, after);
    expect(plan.unit).toBe('hash');
    expect(plan.fractionMoved).toBeGreaterThanOrEqual(1 / 3 - 0.001);
  });

  it('falls back to sample keys where placement is not a function of hash ranges', () => {
    const before = JumpHash.create(['a', 'b', 'c']);
    const after = before.withNodes(['a', 'b', 'c', 'd']);
    const plan = planRebalance(before, after, keys);
    expect(plan.unit).toBe('key');
    expect(plan.fractionMoved).toBeCloseTo(0.25, 1);
    expect(() => planRebalance(before, after)).toThrow(/sampleKeys/);
  });
});
