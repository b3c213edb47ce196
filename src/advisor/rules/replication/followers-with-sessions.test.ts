import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { followersWithSessions } from './followers-with-sessions.js';

describe('replication.followers-with-sessions', () => {
  it('serves causal, read-your-writes and bounded-staleness reads from gated followers', () => {
    for (const model of ['causal', 'read-your-writes', 'bounded-staleness'] as const) {
      expect(followersWithSessions.decide(modelContextOf(model))?.choice.readsFrom).toBe('followers');
    }
    expect(followersWithSessions.decide(modelContextOf('bounded-staleness'))?.summary).toContain('within the lag bound');
    expect(followersWithSessions.decide(modelContextOf('causal'))?.summary).toContain('session tokens');
  });

  it('one copy per extra region, semi-synchronous when writes must not be lost', () => {
    const draft = followersWithSessions.decide(modelContextOf('causal', { rpoMs: 0 }, { regions: ['us-east-1', 'eu-west-1', 'ap-south-1'] }));
    expect(draft?.choice.choice).toMatchObject({ mode: 'semi-synchronous', replicas: 5, synchronousAcks: 1 });
  });

  it('does not apply to eventual or strong models', () => {
    expect(followersWithSessions.decide(modelContextOf('eventual'))).toBeUndefined();
    expect(followersWithSessions.decide(modelContextOf('linearizable'))).toBeUndefined();
  });
});
