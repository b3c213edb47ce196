import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crdtContract } from './crdt.contract.js';
import { GSet } from './g-set.js';
import { ORSet, type ORSetJson } from './or-set.js';
import { TwoPhaseSet, type TwoPhaseSetJson } from './two-phase-set.js';

const element = fc.constantFrom('a', 'b', 'c', 'd');

crdtContract({
  name: 'GSet',
  empty: (replica) => GSet.empty<string>(replica),
  fromJSON: (json, replica) => GSet.fromJSON(json as string[], replica),
  operation: element,
  apply: (set, value) => set.add(value),
});

crdtContract({
  name: 'TwoPhaseSet',
  empty: (replica) => TwoPhaseSet.empty<string>(replica),
  fromJSON: (json, replica) => TwoPhaseSet.fromJSON(json as TwoPhaseSetJson<string>, replica),
  operation: fc.tuple(fc.boolean(), element),
  apply: (set, [add, value]) => (add ? set.add(value) : set.remove(value)),
});

crdtContract({
  name: 'ORSet',
  empty: (replica) => ORSet.empty<string>(replica),
  fromJSON: (json, replica) => ORSet.fromJSON(json as ORSetJson<string>, replica),
  operation: fc.tuple(fc.constantFrom('add', 'remove', 'clear'), element),
  apply: (set, [kind, value]) => (kind === 'add' ? set.add(value) : kind === 'remove' ? set.remove(value) : set.clear()),
});

describe('sets', () => {
  it('GSet compares JSON elements by value', () => {
    const set = GSet.empty<{ a: number; b: number }>('x');
    set.add({ a: 1, b: 2 });
    expect(set.has({ b: 2, a: 1 })).toBe(true);
    expect(set.size).toBe(1);
  });

  it('TwoPhaseSet: a removed element never comes back', () => {
    const a = TwoPhaseSet.empty<string>('a');
    const b = TwoPhaseSet.empty<string>('b');
    b.merge(a.add('t1'));
    a.merge(b.remove('t1'));
    a.add('t1');
    expect(a.has('t1')).toBe(false);
    expect(a.value()).toEqual([]);
  });

  it('ORSet: an add concurrent with a remove wins; a remove of what was seen sticks', () => {
    const alice = ORSet.empty<string>('alice');
    const bob = ORSet.empty<string>('bob');
    bob.merge(alice.add('milk'));
    const removal = bob.remove('milk');
    const readd = alice.add('milk');
    alice.merge(removal);
    bob.merge(readd);
    expect(alice.value()).toEqual(['milk']);
    expect(bob.value()).toEqual(['milk']);
    // Now a remove that has seen every add: gone everywhere, and re-adding later works.
    alice.merge(bob.remove('milk'));
    expect(alice.has('milk')).toBe(false);
    bob.merge(alice.add('milk'));
    expect(bob.has('milk')).toBe(true);
  });

  it('ORSet keeps no tombstones: removed elements leave only the compact causal context', () => {
    const set = ORSet.empty<string>('a');
    for (let i = 0; i < 1000; i++) {
      set.add(`item-${i}`);
      set.remove(`item-${i}`);
    }
    expect(set.toJSON()).toEqual({ entries: [], context: { vv: { a: 1000 }, cloud: [] } });
  });
});
