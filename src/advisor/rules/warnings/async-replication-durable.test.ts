import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.async-replication-loses-acknowledged-writes';

describe(id, () => {
  it('flags asynchronous replication of money, W = 1 of bookings, and multi-leader with RPO 0', () => {
    expect(warningsOf(specOf({ entities: [{ money: true, replication: { kind: 'leader-follower', mode: 'asynchronous' } }] }), id)[0]?.message).toContain('it holds money');
    expect(warningsOf(specOf({ entities: [{ noDoubleBooking: true, replication: { kind: 'leaderless', n: 3, w: 1, r: 3 } }] }), id)[0]?.message).toContain('W = 1');
    expect(warningsOf(specOf({ entities: [{ rpoMs: 0, replication: { kind: 'multi-leader', conflictResolution: 'crdt' } }] }), id)).toHaveLength(1);
  });
  it('is silent for synchronous replication and for data that may lose writes', () => {
    expect(warningsOf(specOf({ entities: [{ money: true, replication: { kind: 'leader-follower', mode: 'synchronous' } }] }), id)).toEqual([]);
    expect(warningsOf(specOf({ entities: [{ replication: { kind: 'leader-follower', mode: 'asynchronous' } }] }), id)).toEqual([]);
    expect(warningsOf(specOf({ entities: [{ money: true }] }), id)).toEqual([]);
  });
});
