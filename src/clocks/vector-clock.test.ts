import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VectorClock } from './vector-clock.js';

const clock = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.nat({ max: 5 })).map((counters) => VectorClock.from(counters));

describe('VectorClock', () => {
  it('orders events: before, after, equal, concurrent', () => {
    const a = VectorClock.empty().increment('a');
    const b = a.increment('b');
    const c = a.increment('c');
    expect(a.compare(b)).toBe('before');
    expect(b.compare(a)).toBe('after');
    expect(b.compare(VectorClock.from({ a: 1, b: 1 }))).toBe('equal');
    expect(b.compare(c)).toBe('concurrent');
    expect(b.isConcurrentWith(c)).toBe(true);
    const joined = b.merge(c).increment('a');
    expect(joined.toJSON()).toEqual({ a: 2, b: 1, c: 1 });
    expect(joined.descends(b) && joined.descends(c)).toBe(true);
    expect(VectorClock.empty().compare(VectorClock.from({ a: 0 }))).toBe('equal');
  });

  it('compare is a partial order consistent with merge (property)', () => {
    fc.assert(fc.property(clock, clock, clock, (x, y, z) => {
      // antisymmetry / converse
      const flip = { before: 'after', after: 'before', equal: 'equal', concurrent: 'concurrent' } as const;
      expect(y.compare(x)).toBe(flip[x.compare(y)]);
      // merge is the least upper bound: commutative, associative, idempotent, above both
      expect(x.merge(y).equals(y.merge(x))).toBe(true);
      expect(x.merge(y).merge(z).equals(x.merge(y.merge(z)))).toBe(true);
      expect(x.merge(x).equals(x)).toBe(true);
      expect(x.merge(y).descends(x) && x.merge(y).descends(y)).toBe(true);
      // transitivity of before
      if (x.compare(y) === 'before' && y.compare(z) === 'before') expect(x.compare(z)).toBe('before');
      // an increment is strictly after
      expect(x.increment('a').compare(x)).toBe('after');
    }));
  });

  it('round-trips through JSON with sorted nodes', () => {
    const value = VectorClock.from({ z: 1, a: 3 });
    expect(JSON.stringify(value)).toBe('{"a":3,"z":1}');
    expect(VectorClock.fromJSON(value.toJSON()).equals(value)).toBe(true);
    expect(value.toString()).toBe('{a:3, z:1}');
    expect(() => VectorClock.from({ a: -1 })).toThrow(RangeError);
    expect(() => value.increment('')).toThrow(RangeError);
  });
});
