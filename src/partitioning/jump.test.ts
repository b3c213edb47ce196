import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { JumpHash, jumpHash } from './jump.js';
import { partitionerContract } from './partitioner.contract.js';
import { measureMovement } from './quality.js';

const require = createRequire(import.meta.url);
const npmJumphash = require('jumphash') as (key: number, buckets: number) => number;

partitionerContract('JumpHash', (nodes) => JumpHash.create(nodes), {
  maxCoefficientOfVariation: 0.05,
  maxJoinRatioToIdeal: 1.15,
  maxLeaveRatioToIdeal: 2.2, // a node leaving from the middle is replaced by the last one
  monotone: false,
  weights: false,
  hashRanges: false,
});

/** The paper's C++ code in BigInt, as the reference. */
function referenceJump(key: bigint, buckets: number): number {
  let b = -1n;
  let j = 0n;
  let k = key;
  while (j < BigInt(buckets)) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & 0xffffffffffffffffn;
    j = BigInt(Math.floor(Number(b + 1n) * (2 ** 31 / Number((k >> 33n) + 1n))));
  }
  return Number(b);
}

describe('jumpHash', () => {
  it('matches the README of the npm jumphash package and the paper\'s reference code', () => {
    expect(jumpHash(0, 23102, 16)).toBe(2);
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 5000 }), (key, buckets) => {
      expect(jumpHash(Number(key >> 32n), Number(key & 0xffffffffn), buckets)).toBe(referenceJump(key, buckets));
    }), { numRuns: 2000 });
  });

  it('agrees with the npm jumphash package on numeric keys below 2^52 (above, its bn.js conversion differs from the paper)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 52 - 1 }), fc.integer({ min: 1, max: 1000 }), (key, buckets) => {
      expect(jumpHash(Math.floor(key / 2 ** 32), key >>> 0, buckets)).toBe(npmJumphash(key, buckets));
    }), { numRuns: 300 });
  });
});

describe('JumpHash', () => {
  it('appends joining nodes and fills a departed node\'s bucket with the last node', () => {
    const jump = JumpHash.create(['c', 'a', 'b', 'd']);
    expect(jump.nodes.map((node) => node.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(jump.withNodes(['a', 'b', 'c', 'd', 'aa']).nodes.map((node) => node.id)).toEqual(['a', 'b', 'c', 'd', 'aa']);
    expect(jump.withNodes(['a', 'c', 'd']).nodes.map((node) => node.id)).toEqual(['a', 'd', 'c']);
    expect(jump.withNodes(['a', 'b', 'c']).nodes.map((node) => node.id)).toEqual(['a', 'b', 'c']);
    expect(jump.withNodes(['b', 'c']).nodes.map((node) => node.id)).toEqual(['c', 'b']);
  });

  it('moves exactly the departed node\'s keys when the last node leaves', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
    const before = JumpHash.create(['a', 'b', 'c', 'd']);
    const after = before.withNodes(['a', 'b', 'c']);
    for (const key of keys) if (before.nodeFor(key) !== 'd') expect(after.nodeFor(key)).toBe(before.nodeFor(key));
    expect(measureMovement(before, after, keys).ratioToIdeal).toBeLessThan(1.1);
  });
});
