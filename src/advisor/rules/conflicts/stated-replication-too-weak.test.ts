import { describe, expect, it } from 'vitest';
import { design } from '../../design.js';
import { specOf } from '../../testing/builders.js';
import { conflictsOf } from '../../testing/review.js';

const id = 'conflict.stated-replication-cannot-deliver';

describe(id, () => {
  it('a stated leaderless N/W/R under a linearizable requirement is a conflict (exit 1), with the reason', () => {
    const sloppy = conflictsOf(specOf({ entities: [{ money: true, replication: { kind: 'leaderless', n: 3, w: 2, r: 2, sloppyQuorum: true } }] }), id);
    expect(sloppy[0]?.explanation).toContain('sloppy');
    expect(sloppy[0]?.requirements).toContain('replication: { kind: leaderless, n: 3, w: 2, r: 2, sloppyQuorum: true }');
    expect(conflictsOf(specOf({ entities: [{ money: true, replication: { kind: 'leaderless', n: 5, w: 3, r: 2 } }] }), id)[0]?.explanation).toContain('is not greater than N = 5');
    expect(conflictsOf(specOf({ entities: [{ money: true, replication: { kind: 'leaderless', n: 5, w: 3, r: 3 } }] }), id)[0]?.explanation).toContain('regular register');
    expect(design(specOf({ entities: [{ money: true, replication: { kind: 'leaderless', n: 5, w: 3, r: 3 } }] })).warnings.map((warning) => warning.ruleId)).not.toContain(id);
  });

  it('follower reads where linearizability is required, and multi-leader where causality is', () => {
    expect(conflictsOf(specOf({ entities: [{ money: true, replication: { kind: 'leader-follower', mode: 'synchronous', readsFrom: 'followers' } }] }), id)[0]?.explanation).toContain('delivers only eventual');
    expect(conflictsOf(specOf({ entities: [{ causality: true, replication: { kind: 'multi-leader', conflictResolution: 'crdt' } }] }), id)).toHaveLength(1);
  });

  it('is silent when the stated setup delivers the model', () => {
    expect(conflictsOf(specOf({ entities: [{ money: true, replication: { kind: 'leader-follower', mode: 'synchronous' } }] }), id)).toEqual([]);
    expect(conflictsOf(specOf({ entities: [{ replication: { kind: 'leader-follower', mode: 'asynchronous' } }] }), id)).toEqual([]);
    expect(conflictsOf(specOf({ entities: [{ replication: { kind: 'leaderless', n: 3, w: 1, r: 1, sloppyQuorum: true } }] }), id)).toEqual([]);
    expect(conflictsOf(specOf({ entities: [{ readYourWrites: true, replication: { kind: 'leaderless', n: 3, w: 2, r: 2 } }] }), id)).toEqual([]);
  });
});
