import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { leaderlessAvailability } from './leaderless-availability.js';

describe('replication.leaderless-availability', () => {
  it('chooses N=3 W=2 R=1 with a sloppy quorum for write-heavy or four-nines eventual data', () => {
    const writeHeavy = leaderlessAvailability.decide(modelContextOf('eventual', { readWriteRatio: 0.5 }));
    expect(writeHeavy?.choice.choice).toEqual({ kind: 'leaderless', n: 3, w: 2, r: 1, readRepair: true, writeBackOnRead: false, sloppyQuorum: true });
    expect(leaderlessAvailability.decide(modelContextOf('eventual', {}, { availability: 99.99 }))).toBeDefined();
  });

  it('names a PN-counter for a counter (merge: counter): concurrent increments must add up, not overwrite', () => {
    const counter = leaderlessAvailability.decide(modelContextOf('eventual', { readWriteRatio: 0.5, merge: 'counter' }));
    expect(counter?.choice.choice).toMatchObject({ kind: 'leaderless', n: 3, w: 2, r: 1, conflictResolution: 'crdt' });
    expect(counter?.summary).toContain('PN-counter');
    expect(counter?.why).toContain('concurrent increments add up');
    expect(leaderlessAvailability.decide(modelContextOf('eventual', { readWriteRatio: 0.5, merge: 'register' }))?.choice.choice).not.toHaveProperty('conflictResolution');
  });

  it('does not apply to durable data, stronger models, or ordinary availability', () => {
    expect(leaderlessAvailability.decide(modelContextOf('eventual', { readWriteRatio: 0.5, rpoMs: 0 }))).toBeUndefined();
    expect(leaderlessAvailability.decide(modelContextOf('causal', { readWriteRatio: 0.5 }))).toBeUndefined();
    expect(leaderlessAvailability.decide(modelContextOf('eventual', {}, { availability: 99.9 }))).toBeUndefined();
  });
});
