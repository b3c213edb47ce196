import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur3 } from './hash.js';
import { HashRing, MAX_RING_POINTS } from './ring.js';
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

  it('the indexed lookup finds the same owner as a linear scan of the sorted points (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.string(), { maxLength: 30 }), (vnodes, count, keys) => {
      const ring = HashRing.create(Array.from({ length: count }, (_, i) => `n${i}`), { vnodes });
      const points = ring.nodes.flatMap((node) => Array.from({ length: vnodes }, (_, i) => ({ point: murmur3(`${node.id}#${i}`), node: node.id })))
        .sort((a, b) => a.point - b.point || (a.node < b.node ? -1 : 1));
      for (const key of [...keys, '']) {
        const hash = murmur3(key);
        const owner = (points.find((entry) => entry.point >= hash) ?? points[0])?.node;
        expect(ring.nodeFor(key)).toBe(owner);
        expect(ring.nodeForHash(hash)).toBe(owner);
      }
      expect(ring.nodeForHash(0xffffffff)).toBe((points.find((entry) => entry.point >= 0xffffffff) ?? points[0])?.node);
      expect(ring.nodeForHash(0)).toBe(points[0]?.node);
    }));
  });

  it('rejects bad options', () => {
    expect(() => HashRing.create(['a'], { vnodes: 0 })).toThrow(/vnodes/);
    expect(() => HashRing.create(['a'], { seed: 1.5 })).toThrow(/seed/);
  });
});

describe('HashRing size bound (issue 20, item 8)', () => {
  it('refuses up front, naming the node and weight, a membership that needs more than MAX_RING_POINTS points', () => {
    expect(() => HashRing.create([{ id: 'a', weight: 1e5 }, 'b'])).toThrow(RangeError);
    expect(() => HashRing.create([{ id: 'a', weight: 1e5 }, 'b'])).toThrow(/weight of node "a".*2097152.*received 100000/);
    expect(() => HashRing.create(['b', { id: 'huge', weight: 1e300 }])).toThrow(/weight of node "huge"/);
    expect(() => HashRing.create(['a']).withNodes([{ id: 'a', weight: 1e5 }])).toThrow(RangeError);
    expect(HashRing.create([{ id: 'a', weight: MAX_RING_POINTS / 512 }]).size).toBe(MAX_RING_POINTS);
  });
});
