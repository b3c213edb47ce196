import { describe, expect, it } from 'vitest';
import { planVerification } from './plan.js';
import { sketchDesign } from './testing/sketch-design.js';
import { verifyDesign } from './verify-design.js';

const abd = { kind: 'leaderless', n: 3, w: 2, r: 2, readRepair: false, writeBackOnRead: true, sloppyQuorum: false } as const;
const weakQuorum = { kind: 'leaderless', n: 3, w: 1, r: 1, readRepair: false, writeBackOnRead: false, sloppyQuorum: false } as const;
const asyncFollowers = { kind: 'leader-follower', mode: 'asynchronous', replicas: 3, synchronousAcks: 0, consensusFailover: false } as const;
const fast = { seeds: 3, operations: 300, faults: ['partition'] as const };

describe('planVerification', () => {
  it('maps each replication choice onto the simulator model with the same settings', () => {
    const plans = planVerification(
      sketchDesign([
        { name: 'quorum', consistency: 'linearizable', replication: abd },
        { name: 'followers', consistency: 'read-your-writes', replication: asyncFollowers, readsFrom: 'followers', rpoMsNodeLoss: 1_000 },
        { name: 'semi', consistency: 'sequential', replication: { kind: 'leader-follower', mode: 'semi-synchronous', replicas: 5, synchronousAcks: 2, consensusFailover: true } },
        { name: 'multi', consistency: 'causal', replication: { kind: 'multi-leader', conflictResolution: 'crdt' } },
      ]),
      new Map(),
    );
    expect(plans[0]).toMatchObject({ protocol: { kind: 'leaderless', n: 3, w: 2, r: 2, writeBackOnRead: true }, checks: ['linearizable'], claim: { noLostAcknowledgedWrites: true } });
    expect(plans[1]).toMatchObject({ protocol: { kind: 'leader-follower', mode: 'asynchronous', readFrom: 'any', fencing: false }, checks: ['read-your-writes'], claim: { noLostAcknowledgedWrites: false } });
    // Consensus failover with majority acknowledgements runs on Raft, not on the oracle promotion.
    expect(plans[2]).toMatchObject({ protocol: { kind: 'raft', replicas: 5, reads: 'read-index' }, checks: ['linearizable'], checksStrongerThanClaim: true });
    expect(plans[1]?.protocol).toMatchObject({ readIndex: false, sessionReads: true });
    expect(plans[3]?.protocol).toMatchObject({ kind: 'multi-leader', conflictResolution: 'crdt', dataType: 'set', causalDelivery: true, sessionTokens: true });
    expect(plans[3]?.dataType).toBe('set');
    expect(plans[3]?.assumed.join(' ')).toContain('observed-remove set');
    expect(plans[3]?.checks).toEqual(['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads']);
  });
});

describe('verifyDesign', () => {
  it('confirms a linearizable claim on ABD quorums (N=3, W=2, R=2) under partitions', () => {
    const report = verifyDesign(sketchDesign([{ name: 'register', consistency: 'linearizable', replication: abd }]), fast);
    expect(report.entities[0]?.verdict).toBe('holds');
    expect(report.entities[0]?.runs).toHaveLength(3);
    expect(report.verdict).toBe('holds');
  });

  it('refutes a linearizable claim on W + R <= N, naming the seed and keeping the history', () => {
    const report = verifyDesign(sketchDesign([{ name: 'register', consistency: 'linearizable', replication: weakQuorum, rpoMsNodeLoss: null }]), fast);
    const entity = report.entities[0];
    expect(entity?.verdict).toBe('violated');
    expect(entity?.firstViolation?.findings.join(' ')).toContain('not linearizable');
    expect(entity?.firstViolation?.history?.length).toBeGreaterThan(0);
    expect(report.verdict).toBe('violated');
  });

  it('refutes RPO 0 on asynchronous replication with unfenced failover (acknowledged writes lost)', () => {
    const report = verifyDesign(sketchDesign([{ name: 'orders', consistency: 'eventual', replication: asyncFollowers, rpoMsNodeLoss: 0 }]), {
      seeds: 5,
      operations: 500,
      faults: ['crash', 'partition'],
    });
    expect(report.entities[0]?.verdict).toBe('violated');
    expect(report.entities[0]?.runs.some((run) => run.lostWrites > 0)).toBe(true);
  });

  it('reports what it cannot verify instead of calling it a pass, and what each verdict covers', () => {
    const report = verifyDesign(
      sketchDesign([
        { name: 'cart', consistency: 'causal', replication: { kind: 'multi-leader', conflictResolution: 'crdt' } },
        { name: 'feed', consistency: 'eventual', replication: abd, rpoMsNodeLoss: null },
      ]),
      fast,
    );
    expect(report.entities.map((entity) => entity.verdict)).toEqual(['holds', 'measured']);
    expect(report.entities[0]?.checked).toContain('every replica converges once the faults heal');
    expect(report.entities[1]?.notChecked.join(' ')).toContain('convergence of the replicas');
    expect(report.entities[1]?.notChecked.join(' ')).toContain('lost acknowledged writes (RPO 0 not claimed): measured only');
    expect(report.verdict).toBe('holds');
  });

  it('claims seats with compare-and-set where the spec forbids double booking: W=1 R=1 double books, Raft does not', () => {
    const weakSeat = verifyDesign(sketchDesign([{ name: 'seat', consistency: 'eventual', replication: weakQuorum, rpoMsNodeLoss: null, requirements: { noDoubleBooking: true } }]), { seeds: 5, operations: 500, faults: ['partition', 'crash'] });
    const entity = weakSeat.entities[0];
    expect(entity?.plan.mix.cas).toBeGreaterThan(0);
    expect(entity?.checked).toEqual(['no double booking: no two successful claims of one item from the same state']);
    expect(entity?.verdict).toBe('violated');
    expect(entity?.firstViolation?.findings.join(' ')).toMatch(/^\d+ double bookings?, first: k\d: the claims writing \d+ and \d+ both succeeded from \d+/);
    const consensus = { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 2, consensusFailover: true } as const;
    const raftSeat = verifyDesign(sketchDesign([{ name: 'seat', consistency: 'eventual', replication: consensus, rpoMsNodeLoss: null, requirements: { noDoubleBooking: true } }]), { seeds: 5, operations: 500, faults: ['partition', 'crash'] });
    expect(raftSeat.entities[0]?.plan.protocol?.kind).toBe('raft');
    expect(raftSeat.entities[0]?.runs.every((run) => (run.claims ?? 0) > 0 && run.doubleBookings === 0)).toBe(true);
    expect(raftSeat.entities[0]?.verdict).toBe('holds');
  });

  it('is deterministic: the same design and options give the same report', () => {
    const design = sketchDesign([{ name: 'register', consistency: 'linearizable', replication: weakQuorum }]);
    const strip = (report: ReturnType<typeof verifyDesign>) => JSON.stringify(report.entities.map((entity) => entity.runs));
    expect(strip(verifyDesign(design, fast))).toBe(strip(verifyDesign(design, fast)));
  });

  it('rejects bad options naming them', () => {
    const design = sketchDesign([{ name: 'register', consistency: 'linearizable', replication: abd }]);
    expect(() => verifyDesign(design, { seeds: 0 })).toThrow(/Invalid option seeds/);
    expect(() => verifyDesign(design, { entities: ['nope'] })).toThrow(/Invalid option entities.*register/);
  });
});
