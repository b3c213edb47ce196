import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { asyncDefault } from './async-default.js';

describe('replication.async-default', () => {
  it('always applies: asynchronous leader-follower with follower reads', () => {
    const draft = asyncDefault.decide(modelContextOf('eventual'));
    expect(draft?.choice.choice).toEqual({ kind: 'leader-follower', mode: 'asynchronous', replicas: 3, synchronousAcks: 0, consensusFailover: true });
    expect(draft?.choice.readsFrom).toBe('followers');
    expect(draft?.alternatives.map((alternative) => alternative.choice)).not.toContain('leader-follower-asynchronous');
  });

  it('becomes semi-synchronous when acknowledged writes must survive', () => {
    expect(asyncDefault.decide(modelContextOf('eventual', { rpoMs: 0 }))?.choice.choice).toMatchObject({ mode: 'semi-synchronous', synchronousAcks: 1 });
  });
});
