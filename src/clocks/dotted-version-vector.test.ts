import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SiblingSet } from './dotted-version-vector.js';
import { VectorClock } from './vector-clock.js';

describe('SiblingSet (dotted version vectors)', () => {
  it('keeps both writes of two clients that read the same version, even through the same node', () => {
    let key = SiblingSet.empty<string>();
    key = key.write('n1', 'v0');
    const { context } = key.read();
    key = key.write('n1', 'alice', context);
    key = key.write('n1', 'bob', context);
    expect(key.read().values).toEqual(['alice', 'bob']);
    expect(key.hasConflict).toBe(true);
    // A per-server version vector would have to order these two writes ({n1:2} then {n1:3}) and drop alice's.
    key = key.write('n1', 'alice+bob', key.read().context);
    expect(key.read().values).toEqual(['alice+bob']);
    expect(key.context.toJSON()).toEqual({ n1: 4 });
  });

  it('a write without context (a blind write) is concurrent with everything', () => {
    const key = SiblingSet.empty<number>().write('n1', 1).write('n2', 2);
    expect(key.read().values).toEqual([1, 2]);
  });

  it('replicas converge by merge, and a resolved sibling does not come back', () => {
    const base = SiblingSet.empty<string>().write('n1', 'v1');
    const replica1 = base.write('n1', 'from n1', base.read().context);
    const replica2 = base.write('n2', 'from n2', base.read().context);
    const merged = replica1.merge(replica2);
    expect(merged.read().values).toEqual(['from n1', 'from n2']);
    const resolved = merged.write('n2', 'resolved', merged.read().context);
    // replica1 still has 'from n1'; merging the resolved state must not resurrect it.
    expect(replica1.merge(resolved).read().values).toEqual(['resolved']);
    expect(resolved.merge(replica1).read().values).toEqual(['resolved']);
  });

  it('merge is commutative, associative and idempotent, whatever the write history (property)', () => {
    // Each replica coordinates its own writes (dots are unique per node), reading from any replica.
    const op = fc.record({ replica: fc.nat({ max: 2 }), readFrom: fc.nat({ max: 2 }), value: fc.nat({ max: 99 }), sync: fc.boolean() });
    fc.assert(fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
      const replicas = [SiblingSet.empty<number>(), SiblingSet.empty<number>(), SiblingSet.empty<number>()];
      for (const { replica, readFrom, value, sync } of ops) {
        const node = `n${replica}`;
        if (sync) {
          replicas[replica] = (replicas[replica] as SiblingSet<number>).merge(replicas[readFrom] as SiblingSet<number>);
          continue;
        }
        const context = (replicas[readFrom] as SiblingSet<number>).read().context;
        replicas[replica] = (replicas[replica] as SiblingSet<number>).write(node, value, context);
      }
      const [x, y, z] = replicas as [SiblingSet<number>, SiblingSet<number>, SiblingSet<number>];
      const json = (s: SiblingSet<number>): string => JSON.stringify(s);
      expect(json(x.merge(y))).toBe(json(y.merge(x)));
      expect(json(x.merge(y).merge(z))).toBe(json(x.merge(y.merge(z))));
      expect(json(x.merge(x))).toBe(json(x));
      expect(json(SiblingSet.fromJSON(x.toJSON()))).toBe(json(x));
      // every surviving sibling's dot is in the context
      for (const sibling of x.merge(y).siblings) expect(x.merge(y).context.get(sibling.dot.node)).toBeGreaterThanOrEqual(sibling.dot.counter);
    }), { numRuns: 300 });
  });

  it('rejects a sibling outside its context when restoring', () => {
    expect(() => SiblingSet.fromJSON({ context: {}, siblings: [{ node: 'n1', counter: 1, value: 1 }] })).toThrow(RangeError);
    expect(() => SiblingSet.empty<number>().write('', 1, VectorClock.empty())).toThrow(RangeError);
  });
});
