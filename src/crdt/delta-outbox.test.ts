import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeltaOutbox } from './delta-outbox.js';
import { ORSet, type ORSetJson } from './or-set.js';
import { GCounter } from './g-counter.js';

describe('DeltaOutbox', () => {
  it('sends one joined group of unacknowledged deltas and trims what everyone acknowledged', () => {
    const counter = GCounter.empty('a');
    const outbox = new DeltaOutbox(counter, { peers: ['b', 'c'] });
    outbox.record(counter.increment(2));
    outbox.record(counter.increment(3));
    const toB = outbox.next('b');
    expect(toB).toMatchObject({ upTo: 2, full: false });
    expect(toB?.payload.value()).toBe(5);
    outbox.acknowledge('b', 2);
    expect(outbox.next('b')).toBeUndefined();
    expect(outbox.pendingDeltas).toBe(2); // c has not acknowledged
    outbox.acknowledge('c', 1);
    expect(outbox.pendingDeltas).toBe(1);
    expect(outbox.next('c')?.payload.toJSON()).toEqual({ a: 5 });
    outbox.acknowledge('c', 2);
    expect(outbox.pendingDeltas).toBe(0);
    expect(() => outbox.next('z')).toThrow(/peer/);
    expect(() => outbox.acknowledge('b', 9)).toThrow(/upTo/);
  });

  it('falls back to the full state for a peer that lags beyond maxDeltas, and stays bounded', () => {
    const set = ORSet.empty<number>('a');
    const outbox = new DeltaOutbox(set, { peers: ['b'], maxDeltas: 10 });
    for (let i = 0; i < 25; i++) outbox.record(set.add(i));
    expect(outbox.pendingDeltas).toBe(10);
    const message = outbox.next('b');
    expect(message?.full).toBe(true);
    expect(message?.payload.value()).toHaveLength(25);
  });

  it('replicas converge through outboxes over a lossy, reordering network (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.nat({ max: 2 }), fc.boolean(), fc.nat({ max: 5 })), { maxLength: 40 }),
      fc.array(fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 }), fc.boolean(), fc.boolean()), { maxLength: 80 }),
      (ops, network) => {
        const ids = ['a', 'b', 'c'];
        const sets = ids.map((id) => ORSet.empty<number>(id));
        const outboxes = sets.map((set, i) => new DeltaOutbox(set, { peers: ids.filter((_, j) => j !== i), maxDeltas: 5 }));
        const exchange = (from: number, to: number, lose: boolean, loseAck: boolean): void => {
          if (from === to) return;
          const message = (outboxes[from] as DeltaOutbox<ORSet<number>>).next(ids[to] as string);
          if (message === undefined || lose) return;
          (sets[to] as ORSet<number>).merge(ORSet.fromJSON(JSON.parse(JSON.stringify(message.payload)) as ORSetJson<number>, ids[to] as string));
          if (!loseAck) (outboxes[from] as DeltaOutbox<ORSet<number>>).acknowledge(ids[to] as string, message.upTo);
        };
        let step = 0;
        for (const [replica, add, element] of ops) {
          const set = sets[replica] as ORSet<number>;
          (outboxes[replica] as DeltaOutbox<ORSet<number>>).record(add ? set.add(element) : set.remove(element));
          const [from, to, lose, loseAck] = network[step++ % Math.max(1, network.length)] ?? [0, 1, false, false];
          exchange(from, to, lose, loseAck);
        }
        // The network heals: every pair exchanges until nothing is pending.
        for (let round = 0; round < 3; round++) for (let from = 0; from < 3; from++) for (let to = 0; to < 3; to++) exchange(from, to, false, false);
        const expected = JSON.stringify(sets[0]);
        for (const set of sets) expect(JSON.stringify(set)).toBe(expected);
        for (const outbox of outboxes) expect(outbox.pendingDeltas).toBeLessThanOrEqual(5);
      },
    ), { numRuns: 200 });
  });
});
