import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.replication-weaker-than-required';

describe(id, () => {
  it('flags follower reads where linearizability is required, and multi-leader where causality is', () => {
    expect(warningsOf(specOf({ entities: [{ money: true, replication: { kind: 'leader-follower', mode: 'synchronous', readsFrom: 'followers' } }] }), id)[0]?.message).toContain('delivers eventual');
    expect(warningsOf(specOf({ entities: [{ causality: true, replication: { kind: 'multi-leader', conflictResolution: 'crdt' } }] }), id)).toHaveLength(1);
  });
  it('is silent when the stated setup delivers the model', () => {
    expect(warningsOf(specOf({ entities: [{ money: true, replication: { kind: 'leader-follower', mode: 'synchronous' } }] }), id)).toEqual([]);
    expect(warningsOf(specOf({ entities: [{ replication: { kind: 'leader-follower', mode: 'asynchronous' } }] }), id)).toEqual([]);
  });
});
