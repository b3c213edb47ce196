import { describe, expect, it } from 'vitest';
import { formatReport } from './format-report.js';
import { LeaderlessProtocol } from './leaderless.js';
import { simulate, type SimulateOptions } from './simulate.js';

const partitions = { random: { kinds: ['partition', 'partition-one-way', 'isolate'] as const, meanIntervalMs: 300, meanDurationMs: 600 } };
const concurrentWriters = { operations: 500, clients: 6, keys: 2, mix: { read: 1, write: 1 } };

describe('leaderless (Dynamo-style) protocol', () => {
  it('N=3 W=2 R=2 with ABD write-back never violates linearizability under partitions and concurrent writers (30 seeds)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const report = simulate({
        seed,
        protocol: { kind: 'leaderless', n: 3, w: 2, r: 2, writeBackOnRead: true },
        workload: concurrentWriters,
        faults: { random: { ...partitions.random, kinds: [...partitions.random.kinds, 'crash'] } },
        network: { reorder: true, duplicateProbability: 0.01, lossProbability: 0.01 },
      });
      expect({ seed, verdict: report.check?.verdict, lost: report.freshness.lostWrites }).toEqual({ seed, verdict: 'holds', lost: 0 });
      expect(report.faultsInjected.length).toBeGreaterThan(0);
      expect(report.freshness.staleReads).toBe(0);
    }
  });

  it('with W + R ≤ N the checker finds stale reads and the report prints one', () => {
    let violated = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const report = simulate({ seed, protocol: { kind: 'leaderless', n: 3, w: 1, r: 2 }, workload: concurrentWriters, faults: partitions });
      if (report.check?.verdict === 'violated') violated++;
      expect(report.freshness.staleReads).toBeGreaterThan(0);
      const text = formatReport(report);
      expect(text).toMatch(/stale reads {2}\d+ of \d+ \(/);
      expect(text).toMatch(/e\.g\. process \d+ read k\d at [\d.]+ms and got (\d+|null), but \d+ had been acknowledged at/);
      if (report.check?.verdict === 'violated') expect(text).toMatch(/none of these can come next:\n\s+process \d+ read/);
    }
    expect(violated).toBeGreaterThanOrEqual(4);
  });

  it('last-writer-wins by clock loses acknowledged writes when clocks are skewed; ABD versions do not', () => {
    const options = (writeBackOnRead: boolean): SimulateOptions => ({
      seed: 4,
      protocol: { kind: 'leaderless', n: 3, w: 2, r: 2, writeBackOnRead },
      workload: { operations: 400, clients: 4, keys: 1 },
      faults: { schedule: [{ atMs: 50, durationMs: 1_000, fault: { kind: 'clock-skew', nodes: [0], skewMs: 500 } }] },
    });
    const skewed = simulate(options(false));
    expect(skewed.freshness.lostWrites).toBeGreaterThan(0);
    expect(skewed.freshness.lostExamples[0]?.reason).toMatch(/overwritten by the older write/);
    expect(skewed.verdict).toBe('violated');
    expect(simulate(options(true)).verdict).toBe('holds');
  });

  it('read repair brings lagging replicas up to date, so fewer reads are stale', () => {
    const run = (readRepair: boolean) =>
      simulate({ seed: 9, protocol: { kind: 'leaderless', n: 3, w: 1, r: 1, readRepair }, workload: { operations: 1_500, clients: 4, keys: 1, mix: { read: 4, write: 1 } }, faults: partitions, claim: { consistency: 'none' } });
    const without = run(false);
    const withRepair = run(true);
    expect(withRepair.protocolStats.readRepairs).toBeGreaterThan(0);
    expect(withRepair.freshness.staleReads).toBeLessThan(without.freshness.staleReads);
  });

  it('a sloppy quorum stays available when home replicas are cut off, and hinted handoff delivers the writes later', () => {
    const options = (sloppyQuorum: boolean): SimulateOptions => ({
      seed: 2,
      protocol: { kind: 'leaderless', n: 3, w: 2, r: 1, nodes: 5, sloppyQuorum },
      workload: { operations: 600, clients: 5, keys: 1, mix: { read: 1, write: 3 } },
      faults: { schedule: [{ atMs: 100, durationMs: 1_500, fault: { kind: 'crash', nodes: [0, 1, 2].filter((node) => node !== new LeaderlessProtocol({ n: 3, w: 2, r: 1, nodes: 5 }).preferenceList('k0')[0]) } }] },
      claim: { consistency: 'none' },
    });
    const strict = simulate(options(false));
    const sloppy = simulate(options(true));
    const writeAvailability = (report: typeof strict) => (report.operations.write?.ok ?? 0) / (report.operations.write?.invoked ?? 1);
    expect(writeAvailability(sloppy)).toBeGreaterThan(writeAvailability(strict));
    expect(sloppy.protocolStats.sloppyStores).toBeGreaterThan(0);
    expect(sloppy.protocolStats.hintsHandedOff).toBeGreaterThan(0);
    expect(sloppy.freshness.lostWrites).toBe(0);
  });

  it('counters: last writer wins loses concurrent increments, a PN-counter counts every acknowledged one (same seeds, same faults)', () => {
    const run = (counterMerge: 'last-writer-wins' | 'pn-counter', seed: number) =>
      simulate({
        seed,
        protocol: { kind: 'leaderless', n: 3, w: 2, r: 1, readRepair: true, sloppyQuorum: true, antiEntropyIntervalMs: 500, dataType: 'counter', counterMerge },
        workload: { operations: 400, clients: 5, dataType: 'counter' },
        faults: { random: { kinds: ['partition', 'crash', 'clock-skew'] } },
        claim: { consistency: 'none', convergence: true },
      });
    for (const seed of [1, 2, 3]) {
      const lww = run('last-writer-wins', seed);
      expect(lww.verdict).toBe('violated');
      expect(lww.data?.lost).toBeGreaterThan(0);
      expect(lww.findings.join(' ')).toMatch(/the converged count \d+ is \d+ short of the \d+ acknowledged increments/);
      const crdt = run('pn-counter', seed);
      expect(crdt.data?.acknowledgedWrites).toBeGreaterThan(100);
      expect(crdt.data?.lost).toBe(0);
      expect(crdt.data?.converged).toBe(true);
      expect(crdt.verdict).toBe('holds');
    }
  });

  it('validates its options', () => {
    expect(() => new LeaderlessProtocol({ n: 3, w: 2, r: 1, dataType: 'set' as 'counter' })).toThrow(/dataType/);
    expect(() => new LeaderlessProtocol({ n: 3, w: 2, r: 1, counterMerge: 'max' as 'pn-counter' })).toThrow(/counterMerge/);
    expect(() => new LeaderlessProtocol({ n: 3, w: 4, r: 1 })).toThrow(/w/);
    expect(() => new LeaderlessProtocol({ n: 3, w: 2, r: 2, nodes: 2 })).toThrow(/nodes/);
    expect(new LeaderlessProtocol({ n: 3, w: 2, r: 2, sloppyQuorum: true }).nodeCount).toBe(5);
    expect(new LeaderlessProtocol({ n: 5, w: 3, r: 3 }).preferenceList('k1')).toHaveLength(5);
  });
});
