import { describe, expect, it } from 'vitest';
import { partitionerContract } from './partitioner.contract.js';
import { RangePartitioner } from './range.js';
import { planRebalance } from './rebalance.js';

// Every fifth key of the contract's key set: a sample drawn from the same distribution.
const sample = Array.from({ length: 2000 }, (_, j) => j * 5).map((i) => `user:${i}:${(i * 2654435761) >>> 0}`);

partitionerContract('RangePartitioner', (nodes) => RangePartitioner.fromSample(nodes, sample), {
  maxCoefficientOfVariation: 0.12,
  maxJoinRatioToIdeal: 1.5,
  maxLeaveRatioToIdeal: 1.5,
  monotone: true,
  weights: false,
  hashRanges: false,
});

describe('RangePartitioner', () => {
  const base = RangePartitioner.create([{ start: '', node: 'a' }, { start: 'g', node: 'b' }, { start: 'p', node: 'c' }]);

  it('finds the range by binary search over sorted starts', () => {
    expect(base.nodeFor('')).toBe('a');
    expect(base.nodeFor('f~')).toBe('a');
    expect(base.nodeFor('g')).toBe('b');
    expect(base.nodeFor('zzz')).toBe('c');
    expect(base.rangeFor('h')).toEqual({ start: 'g', end: 'p', node: 'b' });
  });

  it('splits, merges and assigns ranges; the plan lists the exact key ranges that move', () => {
    const split = base.split('t', 'a');
    expect(split.ranges.map((range) => [range.start, range.end, range.node])).toEqual([['', 'g', 'a'], ['g', 'p', 'b'], ['p', 't', 'c'], ['t', null, 'a']]);
    expect(planRebalance(base, split).moves).toEqual([{ start: 't', end: null, from: 'c', to: 'a' }]);
    const merged = split.merge('p');
    expect(merged.ranges.map((range) => range.start)).toEqual(['', 'g', 'p']);
    expect(merged.nodeFor('x')).toBe('c');
    expect(base.assign('g', 'c').nodeFor('h')).toBe('c');
    expect(() => base.split('g')).toThrow(/at/);
    expect(() => base.merge('p')).toThrow(/start/);
    expect(() => base.assign('g', 'zz')).toThrow(/node/);
  });

  it('rejects ranges that do not start at "" or are out of order', () => {
    expect(() => RangePartitioner.create([{ start: 'a', node: 'x' }])).toThrow(/ranges\[0\]/);
    expect(() => RangePartitioner.create([{ start: '', node: 'x' }, { start: 'm', node: 'x' }, { start: 'c', node: 'y' }])).toThrow(/ranges\[2\]/);
  });

  it('detects the hot range of sequential keys and where to split it', () => {
    // Time-ordered keys: every new write goes to the last range (the classic range-partitioning hot spot).
    const ranges = RangePartitioner.create([{ start: '', node: 'a' }, { start: 'event:2024', node: 'b' }, { start: 'event:2025', node: 'c' }]);
    const writes = [
      ...Array.from({ length: 50 }, (_, i) => `event:2024-${String(i).padStart(3, '0')}`),
      ...Array.from({ length: 900 }, (_, i) => `event:2025-${String(i).padStart(3, '0')}`),
      ...Array.from({ length: 50 }, (_, i) => `account:${i}`),
    ];
    const hot = ranges.hotRanges(writes);
    expect(hot).toHaveLength(1);
    expect(hot[0]?.range.node).toBe('c');
    expect(hot[0]?.ratioToMean).toBeCloseTo(2.7, 5);
    expect(hot[0]?.splitKey).toBe('event:2025-450');
    const fixed = ranges.split(hot[0]?.splitKey as string, 'a');
    expect(fixed.hotRanges(writes, { threshold: 2 })).toEqual([]);
  });

  it('tells a hot key from a hot range: one key cannot be split', () => {
    const ranges = RangePartitioner.create([{ start: '', node: 'a' }, { start: 'm', node: 'b' }]);
    const hot = ranges.hotRanges([{ key: 'celebrity', load: 1000 }, { key: 'x', load: 1 }, { key: 'y', load: 1 }], { threshold: 1.5 });
    expect(hot[0]?.splitKey).toBeUndefined();
    expect(hot[0]?.hottestKey.key).toBe('celebrity');
    expect(hot[0]?.hottestKey.shareOfRange).toBeGreaterThan(0.99);
  });
});
