import { describe, expect, it } from 'vitest';
import { HashRing } from './ring.js';
import { exactBalance, idealMovement, measureBalance, measureMovement } from './quality.js';
import { RangePartitioner } from './range.js';

describe('quality figures', () => {
  it('ideal movement is 1/(N+1) on a join and 1/N on a leave, weighted by share', () => {
    expect(idealMovement(['a', 'b'], ['a', 'b', 'c'])).toBeCloseTo(1 / 3, 12);
    expect(idealMovement(['a', 'b', 'c'], ['a', 'b'])).toBeCloseTo(1 / 3, 12);
    expect(idealMovement(Array.from({ length: 10 }, (_, i) => `n${i}`), Array.from({ length: 11 }, (_, i) => `n${i}`))).toBeCloseTo(1 / 11, 12);
    expect(idealMovement([{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }], [{ id: 'a', weight: 3 }, { id: 'b', weight: 1 }])).toBeCloseTo(0.25, 12);
  });

  it('CoV and max/mean are computed per unit of weight', () => {
    const perfect = RangePartitioner.create([{ start: '', node: 'a' }, { start: 'b', node: 'b' }], [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }]);
    const report = measureBalance(perfect, ['a1', 'a2', 'b1', 'b2']);
    expect(report.coefficientOfVariation).toBe(0);
    expect(report.maxOverMean).toBe(1);
    const skewed = measureBalance(perfect, ['a1', 'a2', 'a3', 'b1']);
    expect(skewed.coefficientOfVariation).toBeCloseTo(0.5, 12);
    expect(skewed.maxOverMean).toBeCloseTo(1.5, 12);
    expect(skewed.minOverMean).toBeCloseTo(0.5, 12);
  });

  it('measured movement against the ideal', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
    const before = HashRing.create(['a', 'b', 'c']);
    const movement = measureMovement(before, before.withNodes(['a', 'b', 'c', 'd']), keys);
    expect(movement.keys).toBe(10_000);
    expect(movement.idealFraction).toBeCloseTo(0.25, 12);
    expect(movement.ratioToIdeal).toBeGreaterThan(0.7);
    expect(movement.ratioToIdeal).toBeLessThan(1.3);
    expect(exactBalance(RangePartitioner.create([{ start: '', node: 'a' }]))).toBeUndefined();
  });
});
