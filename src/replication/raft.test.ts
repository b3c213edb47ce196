import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../sim/fault.js';
import { RaftProtocol } from './raft.js';
import { simulate, type SimulateOptions } from './simulate.js';

const everyFault: FaultKind[] = ['partition', 'partition-one-way', 'isolate', 'crash', 'pause', 'disk-fault', 'clock-skew', 'latency-spike'];
const hostileNetwork = { lossProbability: 0.02, duplicateProbability: 0.02, reorder: true };

function sweep(protocol: SimulateOptions['protocol'], seeds: number): Array<{ seed: number; verdict: string }> {
  const verdicts: Array<{ seed: number; verdict: string }> = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const report = simulate({
      seed,
      protocol,
      workload: { operations: 300, clients: 5, keys: 3, mix: { read: 1, write: 1, cas: 1 } },
      faults: { random: { kinds: everyFault, meanIntervalMs: 300, meanDurationMs: 600 } },
      network: hostileNetwork,
    });
    verdicts.push({ seed, verdict: report.verdict });
  }
  return verdicts;
}

describe('raft protocol', () => {
  it('is deterministic: the same seed gives the same trace, byte for byte', () => {
    const run = () =>
      simulate({ seed: 5, protocol: { kind: 'raft', replicas: 5, preVote: true }, workload: { operations: 200 }, faults: { random: { kinds: everyFault } }, network: hostileNetwork, hashTrace: true, claim: { consistency: 'none' } });
    const [a, b] = [run(), run()];
    expect(a.traceSha256).toBeDefined();
    expect(a.traceSha256).toBe(b.traceSha256);
    expect(a.protocolStats).toEqual(b.protocolStats);
  });

  it('is linearizable and loses no acknowledged write under every fault, with message loss, duplication and reordering', () => {
    const expected = (seeds: number) => Array.from({ length: seeds }, (_, index) => ({ seed: index + 1, verdict: 'holds' }));
    expect(sweep({ kind: 'raft', replicas: 5 }, 8)).toEqual(expected(8));
    expect(sweep({ kind: 'raft', replicas: 3, preVote: true, checkQuorum: true }, 6)).toEqual(expected(6));
    expect(sweep({ kind: 'raft', replicas: 3, reads: 'lease' }, 6)).toEqual(expected(6));
  });

  it('elects a new leader when the leader is cut off, and reports how long elections took', () => {
    const report = simulate({ seed: 2, protocol: { kind: 'raft', replicas: 5 }, workload: { operations: 800 }, faults: { schedule: [{ atMs: 300, durationMs: 1_500, fault: { kind: 'isolate', node: 0 } }] } });
    expect(report.verdict).toBe('holds');
    expect(report.protocolStats.leadersElected).toBeGreaterThanOrEqual(2);
    expect(report.protocolStats.maxLeadersInOneTerm).toBe(1);
    expect(report.protocolDistributions.electionMs?.length).toBe(report.protocolStats.leadersElected);
  });

  it('a disk fault on the leader loses its unsynced log tail, and nothing acknowledged', () => {
    const report = simulate({
      seed: 3,
      protocol: { kind: 'raft', replicas: 3, fsyncMs: 20 },
      workload: { operations: 2_000, clients: 8, thinkMs: 1 },
      faults: { schedule: [{ atMs: 100, durationMs: 300, fault: { kind: 'disk-fault', nodes: [0] } }] },
    });
    expect(report.protocolStats.unsyncedEntriesLost).toBeGreaterThan(0);
    expect(report.verdict).toBe('holds');
  });

  it('a paused leader resumes deposed: with ReadIndex it answers nothing stale', () => {
    const report = simulate({ seed: 4, protocol: { kind: 'raft', replicas: 3 }, workload: { operations: 800, keys: 1, mix: { read: 4, write: 1 } }, faults: { schedule: [{ atMs: 300, durationMs: 1_200, fault: { kind: 'pause', nodes: [0] } }] } });
    expect(report.protocolStats.leadersElected).toBeGreaterThanOrEqual(2);
    expect(report.verdict).toBe('holds');
  });

  it('known-bad: a deposed leader answering reads without ReadIndex is refuted (examples/scenarios/raft-local-reads.yaml, seed 1)', () => {
    // Replay: pacelc simulate examples/scenarios/raft-local-reads.yaml --seed 1
    const options = (reads: 'local' | 'read-index'): SimulateOptions => ({
      seed: 1,
      protocol: { kind: 'raft', replicas: 3, reads, electionTimeoutMs: 100, heartbeatMs: 20, requestTimeoutMs: 100 },
      workload: { operations: 1_000, clients: 5, keys: 1, mix: { read: 20, write: 1 } },
      faults: { random: { kinds: ['isolate', 'pause'], meanIntervalMs: 500, meanDurationMs: 1_500 } },
    });
    expect(simulate(options('local')).check?.verdict).toBe('violated');
    expect(simulate(options('read-index')).verdict).toBe('holds');
  });

  it('known-bad: lease reads with clock drift beyond the bound are refuted (examples/scenarios/raft-lease-drift.yaml, seed 13); within the bound they hold', () => {
    // Replay: pacelc simulate examples/scenarios/raft-lease-drift.yaml --seed 13
    const options = (driftPpm: number): SimulateOptions => ({
      seed: 13,
      protocol: { kind: 'raft', replicas: 3, reads: 'lease', clockDriftBound: 0.05, requestTimeoutMs: 100 },
      workload: { operations: 1_000, clients: 5, keys: 1, mix: { read: 20, write: 1 } },
      faults: {
        schedule: [
          { atMs: 100, fault: { kind: 'clock-skew', nodes: [0], skewMs: 0, driftPpm } },
          { atMs: 400, durationMs: 2_000, fault: { kind: 'isolate', node: 0 } },
        ],
      },
    });
    const beyond = simulate(options(-400_000));
    expect(beyond.protocolStats.leaseReads).toBeGreaterThan(0);
    expect(beyond.check?.verdict).toBe('violated');
    expect(simulate(options(-40_000)).verdict).toBe('holds');
  });

  it('known-bad: a vote not fsynced before it is granted gives two leaders in one term after a disk fault (examples/scenarios/raft-unsynced-votes.yaml, seed 1)', () => {
    // Replay: pacelc simulate examples/scenarios/raft-unsynced-votes.yaml --seed 1
    const options = (unsyncedVotes: boolean): SimulateOptions => ({
      seed: 1,
      protocol: { kind: 'raft', replicas: 3, unsyncedVotes },
      workload: { operations: 800, clients: 5, keys: 1 },
      faults: {
        schedule: [
          { atMs: 50, durationMs: 10, fault: { kind: 'disk-fault', nodes: [1, 2] } },
          { atMs: 70, durationMs: 1_500, fault: { kind: 'isolate', node: 0 } },
        ],
      },
    });
    const unsynced = simulate(options(true));
    expect(unsynced.protocolStats.maxLeadersInOneTerm).toBe(2);
    expect(unsynced.verdict).toBe('violated');
    const synced = simulate(options(false));
    expect(synced.protocolStats.maxLeadersInOneTerm).toBe(1);
    expect(synced.verdict).toBe('holds');
  });

  it('known-bad: committing an old term entry by counting replicas (figure 8) lets a later leader overwrite it (examples/scenarios/raft-figure-8.yaml, seed 1851)', () => {
    // Replay: pacelc simulate examples/scenarios/raft-figure-8.yaml --seed 1851
    const options = (commitOldTermEntries: boolean): SimulateOptions => ({
      seed: 1851,
      protocol: { kind: 'raft', replicas: 5, commitOldTermEntries, electionTimeoutMs: 100, heartbeatMs: 20 },
      workload: { operations: 300, clients: 5, keys: 1, mix: { read: 2, write: 1 } },
      network: { lossProbability: 0.2 },
      faults: { random: { kinds: ['crash', 'partition', 'isolate'], meanIntervalMs: 60, meanDurationMs: 150 } },
    });
    const counting = simulate(options(true));
    expect(counting.protocolStats.committedOldTermByCount).toBeGreaterThan(0);
    expect(counting.protocolStats.committedEntriesOverwritten).toBeGreaterThan(0);
    expect(counting.verdict).toBe('violated');
    expect(counting.findings.join(' ')).toMatch(/state machine safety broken/);
    const correct = simulate(options(false));
    expect(correct.protocolStats.committedEntriesOverwritten).toBe(0);
    expect(correct.verdict).toBe('holds');
  });

  it('validates its options', () => {
    expect(() => new RaftProtocol({ replicas: 0 })).toThrow(/replicas/);
    expect(() => new RaftProtocol({ replicas: 3, reads: 'stale' as never })).toThrow(/reads/);
    expect(() => new RaftProtocol({ replicas: 3, clockDriftBound: 0.7 })).toThrow(/clockDriftBound/);
    expect(() => new RaftProtocol({ replicas: 3, heartbeatMs: 400 })).toThrow(/heartbeatMs/);
    expect(() => new RaftProtocol({ replicas: 3, slowLeaderStepDownMs: -1 })).toThrow(/slowLeaderStepDownMs/);
    expect(new RaftProtocol({ replicas: 3 }).parameters).not.toHaveProperty('slowLeaderStepDownMs');
    expect(new RaftProtocol({ replicas: 3 }).stats()).not.toHaveProperty('slowLeaderStepDowns');
    expect(new RaftProtocol({ replicas: 5 }).majority).toBe(3);
  });
});
