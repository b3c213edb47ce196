// Message loss, duplication and reordering as nemesis faults, for every protocol model: each
// model keeps its guarantees while one node's links lose, duplicate or reorder messages.
import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../sim/fault.js';
import { simulate, type SimulateOptions } from './simulate.js';

const messageFaults: readonly FaultKind[] = ['message-loss', 'message-duplication', 'message-reorder'];
const seeds = [1, 2, 3, 4];

function runs(options: Omit<SimulateOptions, 'seed' | 'faults'>): Array<ReturnType<typeof simulate>> {
  return seeds.map((seed) => simulate({ ...options, seed, faults: { random: { kinds: messageFaults, meanIntervalMs: 300, meanDurationMs: 1_000 } } }));
}

function injectedKinds(reports: Array<ReturnType<typeof simulate>>): Set<string> {
  return new Set(reports.flatMap((report) => report.faultsInjected.map((fault) => fault.fault.kind)));
}

describe('message faults in the nemesis, for every model', () => {
  it('leaderless ABD (N=3 W=2 R=2 write-back) stays linearizable and loses nothing', () => {
    const reports = runs({ protocol: { kind: 'leaderless', n: 3, w: 2, r: 2, writeBackOnRead: true }, workload: { operations: 600 } });
    expect(injectedKinds(reports)).toEqual(new Set(messageFaults));
    for (const report of reports) expect([report.verdict, report.findings]).toEqual(['holds', []]);
  });

  it('Raft with ReadIndex stays linearizable and loses nothing', () => {
    const reports = runs({ protocol: { kind: 'raft', replicas: 3, preVote: true, checkQuorum: true }, workload: { operations: 600, mix: { read: 1, write: 1, cas: 1 } } });
    expect(injectedKinds(reports)).toEqual(new Set(messageFaults));
    for (const report of reports) expect([report.verdict, report.findings]).toEqual(['holds', []]);
  });

  it('leader-follower, synchronous with fencing and ReadIndex, stays linearizable and loses nothing', () => {
    const reports = runs({ protocol: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, fencing: true, readIndex: true }, workload: { operations: 600 } });
    expect(injectedKinds(reports)).toEqual(new Set(messageFaults));
    for (const report of reports) expect([report.verdict, report.findings]).toEqual(['holds', []]);
  });

  it('multi-leader with a CRDT set converges and loses no acknowledged add', () => {
    const reports = runs({ protocol: { kind: 'multi-leader', conflictResolution: 'crdt', dataType: 'set' }, workload: { operations: 600, dataType: 'set' }, claim: { consistency: 'none' } });
    expect(injectedKinds(reports)).toEqual(new Set(messageFaults));
    for (const report of reports) {
      expect([report.verdict, report.findings]).toEqual(['holds', []]);
      expect(report.data?.converged).toBe(true);
    }
  });

  it('drops messages only while a message fault is on, and only on the links of its node', () => {
    const quiet = simulate({ seed: 5, protocol: { kind: 'leaderless', n: 3, w: 2, r: 2 }, workload: { operations: 300 } });
    expect(quiet.events.messagesDropped).toBe(0);
    const lossy = simulate({ seed: 5, protocol: { kind: 'leaderless', n: 3, w: 2, r: 2 }, workload: { operations: 300 }, faults: { schedule: [{ atMs: 0, fault: { kind: 'message-loss', nodes: [0], probability: 0.5 } }] } });
    expect(lossy.events.messagesDropped).toBeGreaterThan(0);
    expect(lossy.verdict).toBe('holds');
  });
});
