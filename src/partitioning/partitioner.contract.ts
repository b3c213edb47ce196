// The contract every Partitioner passes (run by each implementation's test with its factory).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur3 } from './hash.js';
import type { NodeInput, Partitioner } from './partitioner.js';
import { exactBalance, measureBalance, measureMovement } from './quality.js';

/** What an implementation promises beyond the basics. */
export interface PartitionerTraits {
  /** Largest load CoV allowed for 10 equal nodes and 10,000 keys. */
  readonly maxCoefficientOfVariation: number;
  /** Largest fraction moved on 10 → 11 nodes, as a multiple of the ideal 1/11. */
  readonly maxJoinRatioToIdeal: number;
  /** Largest fraction moved when a node in the middle leaves (10 → 9), as a multiple of the ideal 1/10. */
  readonly maxLeaveRatioToIdeal: number;
  /** Whether on a join keys only ever move to the new node (and on a leave, only from the departed one). */
  readonly monotone: boolean;
  /** Whether weights are supported (otherwise a weight other than 1 is rejected). */
  readonly weights: boolean;
  /** Whether placement is a pure function of the key's hash (so hashRanges must agree with nodeFor). */
  readonly hashRanges: boolean;
}

const keys = Array.from({ length: 10_000 }, (_, i) => `user:${i}:${(i * 2654435761) >>> 0}`);
const tenNodes = Array.from({ length: 10 }, (_, i) => `node-${String(i).padStart(2, '0')}`);

/** Runs the shared partitioner contract against `create`. */
export function partitionerContract(name: string, create: (nodes: readonly NodeInput[]) => Partitioner, traits: PartitionerTraits): void {
  describe(`${name}: the Partitioner contract`, () => {
    it('puts every key on a member, the same one whatever order the members were listed in', () => {
      const partitioner = create(tenNodes);
      const shuffled = create([...tenNodes].reverse());
      const again = create(tenNodes);
      const members = new Set(tenNodes);
      for (const key of keys.slice(0, 5000)) {
        const node = partitioner.nodeFor(key);
        expect(members.has(node)).toBe(true);
        expect(shuffled.nodeFor(key)).toBe(node);
        expect(again.nodeFor(key)).toBe(node);
      }
      expect(partitioner.nodes.map((node) => node.id).sort()).toEqual(tenNodes);
    });

    it('is deterministic for any membership (property)', () => {
      fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 12 }), fc.array(fc.string(), { minLength: 1, maxLength: 20 }), (ids, sample) => {
        const a = create(ids);
        const b = create(fc.sample(fc.shuffledSubarray(ids, { minLength: ids.length }), { numRuns: 1, seed: 7 })[0] ?? ids);
        for (const key of sample) {
          expect(ids).toContain(a.nodeFor(key));
          expect(b.nodeFor(key)).toBe(a.nodeFor(key));
        }
      }), { numRuns: 60 });
    });

    it('replica lists are distinct nodes, owner first', () => {
      const partitioner = create(tenNodes);
      for (const key of keys.slice(0, 500)) {
        const replicas = partitioner.replicasFor(key, 3);
        expect(replicas).toHaveLength(3);
        expect(new Set(replicas).size).toBe(3);
        expect(replicas[0]).toBe(partitioner.nodeFor(key));
      }
      expect(partitioner.replicasFor('x', 10)).toHaveLength(10);
      expect(() => partitioner.replicasFor('x', 11)).toThrow(RangeError);
      expect(() => partitioner.replicasFor('x', 0)).toThrow(RangeError);
    });

    it('replica lists span distinct zones, and distinct regions first, when nodes have them', () => {
      const zoned = create(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((id, i) => ({ id, zone: `zone-${i % 3}` })));
      const zoneOf = (id: string): string | undefined => zoned.nodes.find((node) => node.id === id)?.zone;
      for (const key of keys.slice(0, 300)) expect(new Set(zoned.replicasFor(key, 3).map(zoneOf)).size).toBe(3);
      const regional = create(['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => ({ id, region: i < 4 ? 'eu' : 'us', zone: `z${i}` })));
      const regionOf = (id: string): string | undefined => regional.nodes.find((node) => node.id === id)?.region;
      for (const key of keys.slice(0, 300)) expect(new Set(regional.replicasFor(key, 2).map(regionOf)).size).toBe(2);
    });

    it(`balances 10 nodes to a load CoV of at most ${traits.maxCoefficientOfVariation}`, () => {
      const report = measureBalance(create(tenNodes), keys);
      expect(report.total).toBe(keys.length);
      expect(report.coefficientOfVariation).toBeLessThanOrEqual(traits.maxCoefficientOfVariation);
      for (const id of tenNodes) expect(report.loads.get(id)).toBeGreaterThan(0);
    });

    it(`moves at most ${traits.maxJoinRatioToIdeal}x the ideal on a join (10 → 11)${traits.monotone ? ', only to the new node' : ''}`, () => {
      const before = create(tenNodes);
      const after = before.withNodes([...before.nodes, { id: 'node-new' }]);
      const movement = measureMovement(before, after, keys);
      expect(movement.idealFraction).toBeCloseTo(1 / 11, 10);
      expect(movement.ratioToIdeal).toBeLessThanOrEqual(traits.maxJoinRatioToIdeal);
      expect(movement.moved).toBeGreaterThan(0);
      if (traits.monotone) for (const key of keys) if (before.nodeFor(key) !== after.nodeFor(key)) expect(after.nodeFor(key)).toBe('node-new');
    });

    it(`moves at most ${traits.maxLeaveRatioToIdeal}x the ideal when a node leaves (10 → 9)${traits.monotone ? ', only its keys' : ''}`, () => {
      const before = create(tenNodes);
      const after = before.withNodes(before.nodes.filter((node) => node.id !== 'node-04'));
      const movement = measureMovement(before, after, keys);
      expect(movement.idealFraction).toBeCloseTo(1 / 10, 10);
      expect(movement.ratioToIdeal).toBeLessThanOrEqual(traits.maxLeaveRatioToIdeal);
      for (const key of keys) expect(after.nodeFor(key)).not.toBe('node-04');
      if (traits.monotone) for (const key of keys) if (before.nodeFor(key) !== 'node-04') expect(after.nodeFor(key)).toBe(before.nodeFor(key));
    });

    if (traits.monotone) {
      it('on any join keys move only to the new node, and on any leave only the leaver\'s keys move (property)', () => {
        fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 8 }), fc.string({ minLength: 1, maxLength: 6 }), fc.nat(), (ids, joiner, pick) => {
          fc.pre(!ids.includes(joiner));
          const before = create(ids);
          const joined = before.withNodes([...before.nodes, { id: joiner }]);
          const leaver = ids[pick % ids.length] as string;
          const left = before.withNodes(before.nodes.filter((node) => node.id !== leaver));
          for (const key of keys.slice(0, 400)) {
            const owner = before.nodeFor(key);
            const afterJoin = joined.nodeFor(key);
            if (afterJoin !== owner) expect(afterJoin).toBe(joiner);
            if (owner !== leaver) expect(left.nodeFor(key)).toBe(owner);
          }
        }), { numRuns: 25 });
      });
    }

    if (traits.weights) {
      it('gives a node of weight 3 about three times the keys of a node of weight 1', () => {
        const partitioner = create([{ id: 'light', weight: 1 }, { id: 'heavy', weight: 3 }, { id: 'other', weight: 1 }]);
        const report = measureBalance(partitioner, keys);
        const ratio = (report.loads.get('heavy') as number) / (report.loads.get('light') as number);
        expect(ratio).toBeGreaterThan(2.4);
        expect(ratio).toBeLessThan(3.6);
      });
    } else {
      it('rejects weights it cannot honour', () => {
        expect(() => create([{ id: 'a', weight: 2 }, { id: 'b' }])).toThrow(RangeError);
      });
    }

    if (traits.weights) {
      it('returns the replicas asked for even when a node is too light to own a table entry (weights [1, 1e-6]), or throws saying why', () => {
        const partitioner = create([{ id: 'a', weight: 1 }, { id: 'b', weight: 1e-6 }]);
        for (const key of keys.slice(0, 200)) {
          const replicas = partitioner.replicasFor(key, 2);
          expect(new Set(replicas)).toEqual(new Set(['a', 'b']));
        }
        const zoned = create([{ id: 'a', weight: 1, zone: 'z1' }, { id: 'b', weight: 1e-6, zone: 'z2' }, { id: 'c', weight: 1e-6, zone: 'z1' }]);
        expect(new Set(zoned.replicasFor(keys[0] as string, 3))).toEqual(new Set(['a', 'b', 'c']));
      });
    }

    it('refuses a null or non-object node with a TypeError naming its place', () => {
      expect(() => create(['a', null as unknown as string])).toThrow(TypeError);
      expect(() => create(['a', null as unknown as string])).toThrow(/nodes\[1\].*received null/);
      expect(() => create([42 as unknown as string])).toThrow(/nodes\[0\]/);
    });

    it('rejects empty membership, duplicate ids and bad weights', () => {
      expect(() => create([])).toThrow(RangeError);
      expect(() => create(['a', 'a'])).toThrow(RangeError);
      expect(() => create([{ id: 'a', weight: -1 }])).toThrow(RangeError);
      expect(() => create([''])).toThrow(RangeError);
    });

    if (traits.hashRanges) {
      it('hashRanges cover the 32-bit hash space and agree with nodeFor', () => {
        const partitioner = create(tenNodes);
        const ranges = partitioner.hashRanges?.() ?? [];
        expect(ranges[0]?.start).toBe(0);
        expect(ranges[ranges.length - 1]?.end).toBe(4294967296);
        const gaps = ranges.filter((range, i) => !(range.end > range.start) || (i > 0 && range.start !== ranges[i - 1]?.end));
        expect(gaps).toEqual([]);
        const ownerOf = (hash: number): string => {
          let low = 0;
          let high = ranges.length - 1;
          while (low < high) {
            const middle = (low + high + 1) >>> 1;
            if ((ranges[middle]?.start as number) <= hash) low = middle;
            else high = middle - 1;
          }
          return ranges[low]?.node as string;
        };
        for (const key of keys.slice(0, 3000)) expect(ownerOf(murmur3(key))).toBe(partitioner.nodeFor(key));
        const exact = exactBalance(partitioner);
        expect(exact?.total).toBe(4294967296);
      });
    }
  });
}
