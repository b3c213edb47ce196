import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { crdtContract } from './crdt.contract.js';
import { LWWMap, type LWWMapJson } from './lww-map.js';
import { ORMap, type ORMapJson } from './or-map.js';
import { ORSet } from './or-set.js';
import { PNCounter } from './pn-counter.js';

const runtime = new ManualRuntime({ startWallMs: 1_000 });
const key = fc.constantFrom('x', 'y', 'z');

crdtContract({
  name: 'LWWMap',
  empty: (replica) => LWWMap.empty<number>(replica, { runtime }),
  fromJSON: (json, replica) => LWWMap.fromJSON(json as LWWMapJson<number>, replica, { runtime }),
  operation: fc.tuple(fc.boolean(), key, fc.nat({ max: 9 })),
  apply: (map, [set, k, value]) => (set ? map.set(k, value) : map.delete(k)),
});

crdtContract({
  name: 'ORMap<PNCounter>',
  empty: (replica) => ORMap.empty(replica, PNCounter),
  fromJSON: (json, replica) => ORMap.fromJSON(json as ORMapJson<unknown>, replica, PNCounter),
  operation: fc.tuple(fc.boolean(), key, fc.integer({ min: -3, max: 3 })),
  apply: (map, [update, k, amount]) => (update ? map.update(k, (counter) => (amount >= 0 ? counter.increment(amount) : counter.decrement(-amount))) : map.remove(k)),
});

crdtContract({
  name: 'ORMap<ORSet>',
  empty: (replica) => ORMap.empty(replica, ORSet<string>),
  fromJSON: (json, replica) => ORMap.fromJSON(json as ORMapJson<unknown>, replica, ORSet<string>),
  operation: fc.tuple(fc.constantFrom('add', 'drop', 'remove-key'), key, fc.constantFrom('a', 'b')),
  apply: (map, [kind, k, element]) => (kind === 'remove-key' ? map.remove(k) : map.update(k, (set) => (kind === 'add' ? set.add(element) : set.remove(element)))),
});

describe('maps', () => {
  it('LWWMap: delete is a write; tombstones are purged only past the horizon', () => {
    const clock = new ManualRuntime({ startWallMs: 100 });
    const a = LWWMap.empty<string>('a', { runtime: clock });
    const b = LWWMap.empty<string>('b', { runtime: clock });
    b.merge(a.set('name', 'Ada'));
    a.merge(b.delete('name'));
    expect(a.has('name')).toBe(false);
    expect(a.value()).toEqual(new Map());
    expect(a.purgeTombstones(50)).toBe(0);
    expect(a.purgeTombstones(1_000)).toBe(1);
    expect(Object.keys(a.toJSON())).toEqual([]);
  });

  it('ORMap: an update concurrent with a key removal keeps the key (add-wins)', () => {
    const eu = ORMap.empty('eu', PNCounter);
    const us = ORMap.empty('us', PNCounter);
    us.merge(eu.update('post:1', (c) => c.increment(2)));
    const removal = us.remove('post:1');
    const update = eu.update('post:1', (c) => c.increment(1));
    eu.merge(removal);
    us.merge(update);
    expect(eu.get('post:1')?.value()).toBe(3);
    expect(us.get('post:1')?.value()).toBe(3);
    eu.merge(us.remove('post:1'));
    expect(eu.has('post:1')).toBe(false);
    expect([...eu.value().keys()]).toEqual([]);
  });
});
