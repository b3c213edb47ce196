import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crdtContract } from './crdt.contract.js';
import { GCounter, type GCounterJson } from './g-counter.js';
import { PNCounter, type PNCounterJson } from './pn-counter.js';

crdtContract({
  name: 'GCounter',
  empty: (replica) => GCounter.empty(replica),
  fromJSON: (json, replica) => GCounter.fromJSON(json as GCounterJson, replica),
  operation: fc.nat({ max: 10 }),
  apply: (counter, amount) => counter.increment(amount),
});

crdtContract({
  name: 'PNCounter',
  empty: (replica) => PNCounter.empty(replica),
  fromJSON: (json, replica) => PNCounter.fromJSON(json as PNCounterJson, replica),
  operation: fc.integer({ min: -10, max: 10 }),
  apply: (counter, amount) => (amount >= 0 ? counter.increment(amount) : counter.decrement(-amount)),
});

describe('counters', () => {
  it('count every increment exactly once, however often deltas are re-delivered', () => {
    const a = GCounter.empty('a');
    const b = GCounter.empty('b');
    const d1 = a.increment(2);
    const d2 = a.increment(3);
    b.merge(d2).merge(d1).merge(d2).merge(d1);
    expect(b.value()).toBe(5);
    expect(b.countOf('a')).toBe(5);
    expect(() => a.increment(-1)).toThrow(RangeError);
    expect(() => a.increment(0.5)).toThrow(RangeError);
    expect(() => GCounter.empty('')).toThrow(RangeError);
  });

  it('a PN-counter goes below zero and converges', () => {
    const eu = PNCounter.empty('eu');
    const us = PNCounter.empty('us');
    eu.merge(us.increment(5));
    us.merge(eu.decrement(8));
    expect(eu.value()).toBe(-3);
    expect(us.value()).toBe(-3);
    expect(eu.toJSON()).toEqual({ increments: { us: 5 }, decrements: { eu: 8 } });
  });
});
