import { describe, expect, it } from 'vitest';
import type { DataType } from '../sim/protocol.js';
import { MultiLeaderProtocol, type MultiLeaderOptions } from './multi-leader.js';
import { simulate, type SimulateOptions } from './simulate.js';

const everyFault = { random: { kinds: ['partition', 'crash', 'latency-spike', 'clock-skew'] as const } };
const partitionsAndCrashes = { random: { kinds: ['partition', 'isolate', 'crash'] as const, meanIntervalMs: 300, meanDurationMs: 600 } };

function run(seed: number, protocol: MultiLeaderOptions, dataType: DataType, extra: Partial<SimulateOptions> = {}) {
  return simulate({
    seed,
    protocol: { kind: 'multi-leader', ...protocol, dataType },
    workload: { operations: 600, clients: 6, keys: 2, dataType },
    faults: everyFault,
    claim: { consistency: 'none' },
    ...extra,
  });
}

describe('multi-leader protocol', () => {
  it('is deterministic: the same seed gives the same trace, byte for byte', () => {
    const options = { seed: 11, protocol: { kind: 'multi-leader', conflictResolution: 'crdt', dataType: 'set', causalDelivery: true, sessionTokens: true }, workload: { operations: 300, dataType: 'set' }, faults: everyFault, hashTrace: true } as const;
    const first = simulate(options);
    expect(first.traceSha256).toBe(simulate(options).traceSha256);
    expect(first.traceSha256).not.toBe(simulate({ ...options, seed: 12 }).traceSha256);
  });

  it('pacelc/crdt counters and sets merge inside the simulator: converged, nothing acknowledged lost, under every fault (8 seeds)', () => {
    for (let seed = 1; seed <= 8; seed++) {
      for (const dataType of ['counter', 'set', 'log'] as const) {
        const report = run(seed, { conflictResolution: 'crdt' }, dataType, { claim: { consistency: 'none', noLostWrites: true } });
        expect({ seed, dataType, verdict: report.verdict, converged: report.data?.converged, lost: report.data?.lost }).toEqual({ seed, dataType, verdict: 'holds', converged: true, lost: 0 });
        expect(report.protocolStats.replicated).toBeGreaterThan(0);
      }
    }
  });

  it('must show: last-writer-wins on a counter loses concurrent increments', () => {
    const report = run(1, { conflictResolution: 'last-writer-wins' }, 'counter', { claim: { consistency: 'none', noLostWrites: true } });
    expect(report.verdict).toBe('violated');
    expect(report.data?.lost).toBeGreaterThan(10);
    expect(report.findings.join(' ')).toMatch(/the converged count \d+ is \d+ short of the \d+ acknowledged increments/);
  });

  it('must show: last-writer-wins on each node’s skewed clock lets an older write win; an HLC does not', () => {
    const skew = { schedule: [{ atMs: 50, durationMs: 3_000, fault: { kind: 'clock-skew', nodes: [0], skewMs: -800 } }] } as const;
    const physical = run(3, { conflictResolution: 'last-writer-wins', lwwClock: 'physical' }, 'register', { faults: skew, claim: { consistency: 'none', noLostWrites: true, acceptConcurrentDiscards: true } });
    expect(physical.verdict).toBe('violated');
    expect(physical.data?.examples.some((example) => example.why === 'older-write-won')).toBe(true);
    const hlc = run(3, { conflictResolution: 'last-writer-wins', lwwClock: 'hlc' }, 'register', { faults: skew, claim: { consistency: 'none', noLostWrites: true, acceptConcurrentDiscards: true } });
    expect(hlc.data?.examples.filter((example) => example.why === 'older-write-won')).toEqual([]);
    expect(hlc.verdict).toBe('holds');
  });

  it('last-writer-wins drops one of two concurrent acknowledged writes and says which; siblings keep both', () => {
    const lww = run(2, { conflictResolution: 'last-writer-wins' }, 'register', { faults: partitionsAndCrashes, claim: { consistency: 'none', noLostWrites: true } });
    expect(lww.data?.discardedConcurrent).toBeGreaterThan(0);
    expect(lww.findings.join(' ')).toMatch(/dropped by the conflict resolution, first: k\d = \d+: a concurrent write won/);
    const siblings = run(2, { conflictResolution: 'vector-clocks-with-siblings' }, 'register', { faults: partitionsAndCrashes, claim: { consistency: 'none', noLostWrites: true } });
    expect(siblings.protocolStats.siblingsMax).toBeGreaterThan(1);
    expect(siblings.data).toMatchObject({ converged: true, lost: 0, discardedConcurrent: 0 });
  });

  it('must show: an application merge that takes the union of siblings brings removed cart items back', () => {
    const report = run(1, { conflictResolution: 'application-merge' }, 'set', { faults: partitionsAndCrashes, claim: { consistency: 'none', noLostWrites: true } });
    expect(report.data?.examples.some((example) => example.why === 'remove-undone')).toBe(true);
    const userMerge = run(1, { conflictResolution: 'application-merge', merge: (siblings) => siblings[0] }, 'set', { faults: partitionsAndCrashes, claim: { consistency: 'none', noLostWrites: true } });
    expect(userMerge.protocol.merge).toBe('user function');
    expect(userMerge.data?.lost).toBeGreaterThan(0);
  });

  it('must show: acknowledging before fsync loses acknowledged writes in a crash; fsync per write does not', () => {
    const crashes = { schedule: [0, 1, 2].map((node) => ({ atMs: 200 + node * 700, durationMs: 300, fault: { kind: 'crash' as const, nodes: [node] } })) } as const;
    const interval = run(1, { conflictResolution: 'crdt', durability: 'fsync-interval', fsyncIntervalMs: 200 }, 'log', { faults: crashes, claim: { consistency: 'none', noLostWrites: true } });
    expect(interval.protocolStats.lostOnCrash).toBeGreaterThan(0);
    expect(interval.data?.lost).toBeGreaterThan(0);
    const perWrite = run(1, { conflictResolution: 'crdt' }, 'log', { faults: crashes, claim: { consistency: 'none', noLostWrites: true } });
    expect(perWrite.data?.lost).toBe(0);
  });

  it('causal delivery and session tokens keep sets causal; without them sessions that move region break', () => {
    let brokenWithout = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const causal = run(seed, { conflictResolution: 'crdt', causalDelivery: true, sessionTokens: true }, 'log', { network: { latency: { distribution: 'constant', ms: 40 } }, faults: partitionsAndCrashes, claim: { consistency: 'writes-follow-reads', noLostWrites: true } });
      expect({ seed, verdict: causal.verdict }).toEqual({ seed, verdict: 'holds' });
      expect(causal.data?.sessions['read-your-writes']?.violations).toBe(0);
      // Regions 40 ms apart: a client whose region crashes moves to one that has not seen its writes yet.
      const loose = run(seed, { conflictResolution: 'crdt' }, 'log', { faults: partitionsAndCrashes, network: { latency: { distribution: 'constant', ms: 40 } }, claim: { consistency: 'none' } });
      const sessions = loose.data?.sessions ?? {};
      brokenWithout += Object.values(sessions).reduce((sum, result) => sum + (result?.violations ?? 0), 0);
    }
    expect(brokenWithout).toBeGreaterThan(0);
  });

  it('validates its options', () => {
    expect(() => new MultiLeaderProtocol({ conflictResolution: 'crdt', dataType: 'register' })).toThrow(/dataType/);
    expect(() => new MultiLeaderProtocol({ conflictResolution: 'crdt', regions: 1 })).toThrow(/regions/);
    expect(() => new MultiLeaderProtocol({ conflictResolution: 'nope' as never })).toThrow(/conflictResolution/);
    expect(() => new MultiLeaderProtocol({ conflictResolution: 'last-writer-wins', lwwClock: 'atomic' as never })).toThrow(/lwwClock/);
    expect(new MultiLeaderProtocol({ conflictResolution: 'crdt' }).settings.dataType).toBe('set');
  });
});
