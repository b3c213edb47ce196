import { describe, expect, it } from 'vitest';
import type { ReplicationDesign } from '../../design-types.js';
import { modelContextOf } from '../../testing/builders.js';
import { failoverFromReplication } from './failover.js';

const context = modelContextOf('linearizable');
const decide = (replication: ReplicationDesign) => failoverFromReplication.decide({ context, replication })?.choice;

describe('failover.derived', () => {
  it('synchronous with consensus: RPO 0 on node loss, automatic ~30 s RTO; region loss RPO 0 only with a cross-region ack', () => {
    const base: ReplicationDesign = { choice: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true }, readsFrom: 'leader', regions: ['a', 'b'], crossRegionSynchronous: false };
    expect(decide(base)).toMatchObject({ rpoMsNodeLoss: 0, rpoMsRegionLoss: null, rtoMs: 30_000, automatic: true });
    expect(decide({ ...base, crossRegionSynchronous: true })?.rpoMsRegionLoss).toBe(0);
  });

  it('asynchronous: RPO is the lag (unbounded); without consensus failover is manual', () => {
    const failover = decide({ choice: { kind: 'leader-follower', mode: 'asynchronous', replicas: 3, synchronousAcks: 0, consensusFailover: false }, readsFrom: 'followers', regions: ['a'], crossRegionSynchronous: false });
    expect(failover).toMatchObject({ rpoMsNodeLoss: null, automatic: false, rtoMs: 900_000 });
  });

  it('semi-synchronous warns about the silent fallback to asynchronous', () => {
    const failover = decide({ choice: { kind: 'leader-follower', mode: 'semi-synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true }, readsFrom: 'followers', regions: ['a'], crossRegionSynchronous: false });
    expect(failover?.mechanism).toContain('silently falls back to asynchronous');
  });

  it('leaderless needs no failover; W ≥ 2 on a strict quorum survives a node loss', () => {
    const choice = { kind: 'leaderless', n: 3, w: 2, r: 1, readRepair: true, writeBackOnRead: false, sloppyQuorum: false } as const;
    expect(decide({ choice, readsFrom: 'quorum', regions: ['a'], crossRegionSynchronous: false })).toMatchObject({ rtoMs: 0, rpoMsNodeLoss: 0 });
    expect(decide({ choice: { ...choice, w: 1 }, readsFrom: 'quorum', regions: ['a'], crossRegionSynchronous: false })?.rpoMsNodeLoss).toBeNull();
  });

  it('a sloppy quorum never claims RPO 0: fallback nodes’ hints count towards W (verify refuted it: 29 acknowledged writes lost)', () => {
    const choice = { kind: 'leaderless', n: 3, w: 2, r: 1, readRepair: true, writeBackOnRead: false, sloppyQuorum: true } as const;
    const made = decide({ choice, readsFrom: 'quorum', regions: ['a'], crossRegionSynchronous: false });
    expect(made?.rpoMsNodeLoss).toBeNull();
    expect(made?.mechanism).toContain('no RPO 0');
  });

  it('multi-leader reroutes clients; a lost region loses its unreplicated writes', () => {
    expect(decide({ choice: { kind: 'multi-leader', conflictResolution: 'crdt' }, readsFrom: 'local-leader', regions: ['a', 'b'], crossRegionSynchronous: false })).toMatchObject({ rpoMsRegionLoss: null, rtoMs: 60_000 });
  });
});
