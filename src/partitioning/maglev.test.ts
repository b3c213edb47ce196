import { describe, expect, it } from 'vitest';
import { Maglev } from './maglev.js';
import { partitionerContract } from './partitioner.contract.js';
import { exactBalance } from './quality.js';

// A smaller prime table keeps the contract fast; the default (65537) is tested below.
partitionerContract('Maglev', (nodes) => Maglev.create(nodes, { tableSize: 8191 }), {
  maxCoefficientOfVariation: 0.05,
  maxJoinRatioToIdeal: 1.4,
  maxLeaveRatioToIdeal: 1.4,
  monotone: false,
  weights: true,
  hashRanges: true,
});

describe('Maglev', () => {
  it('gives every node the same number of table entries, plus or minus one', () => {
    const maglev = Maglev.create(Array.from({ length: 10 }, (_, i) => `n${i}`), { tableSize: 65537 });
    const report = exactBalance(maglev);
    expect(report?.maxOverMean).toBeLessThan(1.0002);
    expect(report?.coefficientOfVariation).toBeLessThan(0.0001);
  });

  it('rejects a table size that is not prime or is too small', () => {
    expect(() => Maglev.create(['a'], { tableSize: 65536 })).toThrow(/tableSize/);
    expect(() => Maglev.create(['a', 'b', 'c', 'd'], { tableSize: 3 })).toThrow(/tableSize/);
  });
});
