import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.quorum-counted-as-strong';

describe(id, () => {
  it('flags a sloppy quorum, W + R ≤ N, and a strict quorum without write-back, where linearizability is required', () => {
    expect(warningsOf(specOf({ entities: [{ money: true, replication: { kind: 'leaderless', n: 3, w: 2, r: 2, sloppyQuorum: true } }] }), id)[0]?.message).toContain('sloppy');
    expect(warningsOf(specOf({ entities: [{ money: true, replication: { kind: 'leaderless', n: 5, w: 3, r: 2 } }] }), id)[0]?.message).toContain('is not greater than N = 5');
    expect(warningsOf(specOf({ entities: [{ money: true, replication: { kind: 'leaderless', n: 5, w: 3, r: 3 } }] }), id)[0]?.message).toContain('regular register');
  });
  it('is silent when the model asked for is weak enough', () => {
    expect(warningsOf(specOf({ entities: [{ replication: { kind: 'leaderless', n: 3, w: 1, r: 1, sloppyQuorum: true } }] }), id)).toEqual([]);
    expect(warningsOf(specOf({ entities: [{ readYourWrites: true, replication: { kind: 'leaderless', n: 3, w: 2, r: 2 } }] }), id)).toEqual([]);
  });
});
