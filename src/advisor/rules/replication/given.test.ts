import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { givenReplication } from './given.js';

describe('replication.given', () => {
  it('does not apply when the spec states no replication', () => {
    expect(givenReplication.decide(modelContextOf('eventual'))).toBeUndefined();
  });

  it('keeps a stated asynchronous leader-follower, reading from followers by default', () => {
    const draft = givenReplication.decide(modelContextOf('linearizable', { money: true, replication: { kind: 'leader-follower', mode: 'asynchronous' } }));
    expect(draft?.choice.choice).toEqual({ kind: 'leader-follower', mode: 'asynchronous', replicas: 3, synchronousAcks: 0, consensusFailover: false });
    expect(draft?.choice.readsFrom).toBe('followers');
    expect(draft?.summary).toContain('as stated in the spec');
  });

  it('maps a multi-leader setup with no resolution to what really happens: last-writer-wins', () => {
    const draft = givenReplication.decide(modelContextOf('eventual', { replication: { kind: 'multi-leader', conflictResolution: 'none' } }));
    expect(draft?.choice.choice).toEqual({ kind: 'multi-leader', conflictResolution: 'last-writer-wins' });
  });

  it('keeps a leaderless N/W/R with its sloppiness, and a single replica never waits for acks', () => {
    const leaderless = givenReplication.decide(modelContextOf('eventual', { replication: { kind: 'leaderless', n: 5, w: 3, r: 3, sloppyQuorum: true } }));
    expect(leaderless?.choice.choice).toMatchObject({ kind: 'leaderless', n: 5, w: 3, r: 3, sloppyQuorum: true, writeBackOnRead: false });
    const single = givenReplication.decide(modelContextOf('eventual', { replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 1 } }));
    expect(single?.choice.choice).toMatchObject({ replicas: 1, synchronousAcks: 0 });
  });
});
