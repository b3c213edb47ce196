import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReplicationDesign } from '../../design-types.js';
import type { ReplicationChoice } from '../../engines/types.js';
import { modelContextOf } from '../../testing/builders.js';
import { derivePacelc, pacelcFromSettings } from './pacelc.js';

const design = (choice: ReplicationChoice, readsFrom: ReplicationDesign['readsFrom']): ReplicationDesign => ({ choice, readsFrom, regions: ['us-east-1'], crossRegionSynchronous: false });
const leaderFollower = (mode: 'synchronous' | 'semi-synchronous' | 'asynchronous', synchronousAcks: number): ReplicationChoice => ({ kind: 'leader-follower', mode, replicas: 3, synchronousAcks, consensusFailover: true });
const leaderless = (n: number, w: number, r: number, sloppyQuorum = false): ReplicationChoice => ({ kind: 'leaderless', n, w, r, readRepair: true, writeBackOnRead: false, sloppyQuorum });

describe('derivePacelc (from the settings, never from a product name)', () => {
  it('synchronous leader-follower with leader reads is PC/EC', () => {
    expect(derivePacelc(design(leaderFollower('synchronous', 1), 'leader')).label).toBe('PC/EC');
  });
  it('asynchronous followers serving reads are PA/EL', () => {
    expect(derivePacelc(design(leaderFollower('asynchronous', 0), 'followers')).label).toBe('PA/EL');
  });
  it('asynchronous replication with leader reads is PC/EL: consistent reads, but writes do not wait for copies', () => {
    expect(derivePacelc(design(leaderFollower('asynchronous', 0), 'leader')).label).toBe('PC/EL');
  });
  it('multi-leader is PA/EL', () => {
    expect(derivePacelc(design({ kind: 'multi-leader', conflictResolution: 'crdt' }, 'local-leader')).label).toBe('PA/EL');
  });
  it('strict leaderless W + R > N is PC/EC; W + R ≤ N is PA/EL; a sloppy quorum is PA', () => {
    expect(derivePacelc(design(leaderless(5, 3, 3), 'quorum')).label).toBe('PC/EC');
    expect(derivePacelc(design(leaderless(5, 3, 2), 'quorum')).label).toBe('PA/EL');
    expect(derivePacelc(design(leaderless(3, 2, 2, true), 'quorum')).label).toBe('PA/EC');
  });

  it('property: a leaderless configuration is EC exactly when W + R > N, and PC exactly when also strict', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n }), fc.boolean())), ([n, w, r, sloppy]) => {
        const derived = derivePacelc(design(leaderless(n, w, r, sloppy), 'quorum'));
        expect(derived.normal === 'EC').toBe(w + r > n);
        expect(derived.partition === 'PC').toBe(w + r > n && !sloppy);
      }),
    );
  });

  it('the rule explains both letters', () => {
    const draft = pacelcFromSettings.decide({ context: modelContextOf('linearizable'), replication: design(leaderFollower('synchronous', 1), 'leader') });
    expect(draft?.choice).toEqual({ partition: 'PC', normal: 'EC', label: 'PC/EC' });
    expect(draft?.why).toMatch(/^PC: .*EC: /);
  });
});
