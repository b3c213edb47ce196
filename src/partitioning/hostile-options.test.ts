// Issue 20, item 10: partitioners check their options when they are built — a TypeError or
// RangeError naming the option and the value received.
import { describe, expect, it } from 'vitest';
import { BoundedLoadRing, GeoPartitioner, HashRing, JumpHash, Maglev, RangePartitioner, Rendezvous } from './index.js';

const bad = (value: unknown): never => value as never;
const nodes = ['a', 'b', 'c'];
const regional = [{ id: 'a', region: 'eu' }, { id: 'b', region: 'eu' }, { id: 'c', region: 'us' }];

describe('partitioner options checked at construction', () => {
  const cases: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
    ['JumpHash seed as a string', () => JumpHash.create(nodes, bad({ seed: '1' })), TypeError, /Invalid option seed: .*received "1"/],
    ['Rendezvous seed fractional', () => Rendezvous.create(nodes, { seed: 1.5 }), RangeError, /Invalid option seed: .*received 1.5/],
    ['Maglev seed as a string', () => Maglev.create(nodes, bad({ seed: '1' })), TypeError, /Invalid option seed: .*received "1"/],
    ['BoundedLoadRing seed as an object', () => BoundedLoadRing.create(nodes, bad({ seed: {} })), TypeError, /Invalid option seed: .*received \{\}/],
    ['HashRing options as a number', () => HashRing.create(nodes, bad(512)), TypeError, /options of HashRing: expected an object, received 512/],
    ['RangePartitioner rangesPerNode as a string', () => RangePartitioner.fromSample(nodes, ['k'], bad({ rangesPerNode: '8' })), RangeError, /Invalid option rangesPerNode: .*received "8"/],
    ['GeoPartitioner without options', () => GeoPartitioner.create(regional, bad(undefined)), TypeError, /options of GeoPartitioner: expected an object, received null/],
    ['GeoPartitioner rules as an object', () => GeoPartitioner.create(regional, bad({ rules: { name: 'eu' } })), TypeError, /Invalid option rules: .*received \{"name":"eu"\}/],
    ['GeoPartitioner replicas as a string', () => GeoPartitioner.create(regional, bad({ rules: [], replicas: '2' })), TypeError, /Invalid option replicas: .*received "2"/],
    ['GeoPartitioner defaultRegions as a string', () => GeoPartitioner.create(regional, bad({ rules: [], defaultRegions: 'eu' })), TypeError, /Invalid option defaultRegions: .*received "eu"/],
    ['GeoPartitioner placement as a string', () => GeoPartitioner.create(regional, bad({ rules: [], placement: 'maglev' })), TypeError, /Invalid option placement: expected a function, received "maglev"/],
    ['GeoPartitioner a rule match as a string', () => GeoPartitioner.create(regional, bad({ rules: [{ name: 'eu', match: 'eu:', regions: ['eu'] }] })), TypeError, /Invalid option rules\[0\]\.match: expected a function, received "eu:"/],
  ];
  for (const [name, build, type, message] of cases) {
    it(`refuses ${name}`, () => {
      expect(build).toThrow(type);
      expect(build).toThrow(message);
    });
  }

  it('valid options still place keys (the checks are not a stub)', () => {
    const geo = GeoPartitioner.create(regional, { rules: [{ name: 'eu', keyPrefix: 'eu:', regions: ['eu'] }], replicas: 1 });
    expect(['a', 'b']).toContain(geo.nodeFor('eu:user-1'));
    expect(JumpHash.create(nodes, { seed: 7 }).nodeFor('k')).toBe(JumpHash.create(nodes, { seed: 7 }).nodeFor('k'));
  });
});
