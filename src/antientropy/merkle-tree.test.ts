import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur3 } from '../partitioning/hash.js';
import { HashRing } from '../partitioning/ring.js';
import { MerkleTree, diffTrees } from './merkle-tree.js';

interface Versioned {
  readonly value: string;
  readonly version: number;
}

type Replica = Map<string, Versioned>;

const treeOf = (replica: Replica, depth = 12): MerkleTree => MerkleTree.from([...replica].map(([key, item]) => [key, `${item.version}:${item.value}`] as const), { depth });

describe('MerkleTree', () => {
  it('equal contents give equal roots, whatever the insertion order; any change changes the root', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(fc.string(), fc.string()), { selector: ([key]) => key, maxLength: 50 }), (entries) => {
      const forward = MerkleTree.from(entries, { depth: 6 });
      const backward = MerkleTree.from([...entries].reverse(), { depth: 6 });
      expect(forward.root).toBe(backward.root);
      if (entries.length > 0) {
        const [key, value] = entries[0] as [string, string];
        forward.set(key, `${value}!`);
        expect(forward.root).not.toBe(backward.root);
        forward.set(key, value);
        expect(forward.root).toBe(backward.root);
        forward.delete(key);
        expect(forward.root).not.toBe(backward.root);
      }
    }));
    expect(new MerkleTree().root).toBe('0'.repeat(32));
  });

  it('never misses a divergent key: every key that differs is in a divergent range (property)', () => {
    const base = Array.from({ length: 500 }, (_, i) => `k${i}`);
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 }), fc.uniqueArray(fc.nat({ max: 599 }), { maxLength: 40 }), (depth, changed) => {
      const a = MerkleTree.from(base.map((key) => [key, 'v'] as const), { depth });
      const b = MerkleTree.from(base.map((key) => [key, 'v'] as const), { depth });
      for (const index of changed) {
        const key = `k${index}`;
        if (index < 500 && index % 3 === 0) b.delete(key);
        else b.set(key, 'changed');
      }
      const diff = diffTrees(a, b);
      for (const index of changed) expect(diff.contains(`k${index}`)).toBe(true);
      expect(diff.leaves === 0).toBe(changed.length === 0);
      expect(diff.comparisons).toBeLessThanOrEqual(2 * a.leafCount - 1);
    }), { numRuns: 100 });
  });

  it('finds one divergent key among 20,000 with about 2 × depth comparisons', () => {
    const a = new MerkleTree({ depth: 12 });
    const b = new MerkleTree({ depth: 12 });
    for (let i = 0; i < 20_000; i++) {
      a.set(`key:${i}`, 'v1');
      b.set(`key:${i}`, 'v1');
    }
    b.set('key:4242', 'v2');
    const diff = diffTrees(a, b);
    expect(diff.leaves).toBe(1);
    expect(diff.comparisons).toBe(1 + 2 * 12);
    expect(diff.contains('key:4242')).toBe(true);
    expect(diff.ranges).toHaveLength(1);
    const hash = murmur3('key:4242');
    expect(hash >= (diff.ranges[0]?.start as number) && hash < (diff.ranges[0]?.end as number)).toBe(true);
    const keysToExchange = Array.from({ length: 20_000 }, (_, i) => `key:${i}`).filter((key) => diff.contains(key));
    expect(keysToExchange.length).toBeLessThan(20); // ~20000 / 4096 keys share the leaf
    expect(diffTrees(a, a).comparisons).toBe(1);
  });

  it('repairs two diverged replicas: diff, exchange only the divergent ranges, converge', () => {
    const a: Replica = new Map();
    const b: Replica = new Map();
    for (let i = 0; i < 10_000; i++) {
      a.set(`user:${i}`, { value: `v${i}`, version: 1 });
      b.set(`user:${i}`, { value: `v${i}`, version: 1 });
    }
    // Divergence: writes that reached only one replica, a delete missed by b, a conflicting update.
    for (let i = 0; i < 30; i++) a.set(`user:${i * 97}`, { value: `a-update-${i}`, version: 2 });
    for (let i = 0; i < 20; i++) b.set(`new:${i}`, { value: 'only on b', version: 1 });
    a.set('user:5', { value: 'newer on a', version: 3 });
    b.set('user:5', { value: 'older on b', version: 2 });
    const treeA = treeOf(a);
    const treeB = treeOf(b);
    const diff = diffTrees(treeA, treeB);
    expect(diff.leaves).toBeGreaterThan(0);
    expect(diff.leaves).toBeLessThanOrEqual(51);
    expect(diff.comparisons).toBeLessThan(4096); // far fewer than comparing every leaf (or every key)

    // Exchange the keys in the divergent ranges only, resolve by version, and apply both ways.
    const candidates = new Set([...a.keys(), ...b.keys()].filter((key) => diff.contains(key)));
    expect(candidates.size).toBeLessThan(300);
    for (const key of candidates) {
      const x = a.get(key);
      const y = b.get(key);
      const winner = x === undefined ? y : y === undefined ? x : x.version >= y.version ? x : y;
      if (winner === undefined) continue;
      a.set(key, winner);
      b.set(key, winner);
      treeA.set(key, `${winner.version}:${winner.value}`);
      treeB.set(key, `${winner.version}:${winner.value}`);
    }
    expect(treeA.root).toBe(treeB.root);
    expect(diffTrees(treeA, treeB).leaves).toBe(0);
    expect([...a].sort()).toEqual([...b].sort());
    expect(a.get('user:5')?.value).toBe('newer on a');
    expect(b.get('new:3')?.value).toBe('only on b');
    // The trees, rebuilt from scratch, agree with the incrementally updated ones.
    expect(treeOf(a).root).toBe(treeA.root);
  });

  it('covers one partition of a ring, so replicas compare exactly the range they share', () => {
    const ring = HashRing.create(['a', 'b', 'c'], { vnodes: 4 });
    const arc = ring.hashRanges().find((range) => range.end - range.start > 2 ** 24) as { start: number; end: number; node: string };
    const tree = new MerkleTree({ start: arc.start, end: arc.end, depth: 4 });
    let inside = 0;
    for (let i = 0; i < 5000; i++) {
      const key = `k${i}`;
      if (tree.covers(key)) {
        tree.set(key, 'x');
        inside++;
        expect(ring.nodeFor(key)).toBe(arc.node);
      } else expect(() => tree.leafFor(key)).toThrow(RangeError);
    }
    expect(tree.size).toBe(inside);
    for (let leaf = 1; leaf < tree.leafCount; leaf++) expect(tree.leafRange(leaf).start).toBe(tree.leafRange(leaf - 1).end);
    expect(tree.leafRange(tree.leafCount - 1).end).toBe(arc.end);
  });

  it('refuses to compare trees of different shapes, and bad options', () => {
    expect(() => diffTrees(new MerkleTree({ depth: 3 }), new MerkleTree({ depth: 4 }))).toThrow(RangeError);
    expect(() => new MerkleTree({ depth: 21 })).toThrow(/depth/);
    expect(() => new MerkleTree({ start: 10, end: 5 })).toThrow(/start/);
  });
});
