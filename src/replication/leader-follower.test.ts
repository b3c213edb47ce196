import { describe, expect, it } from 'vitest';
import { checkHistory, type HistoryEvent } from '../check/index.js';
import { formatReport } from './format-report.js';
import { LeaderFollowerProtocol } from './leader-follower.js';
import { simulate, type SimulateOptions } from './simulate.js';

const workload = { operations: 600, clients: 6, keys: 2 };
const faults = { random: { kinds: ['partition', 'crash'] as const, meanIntervalMs: 500, meanDurationMs: 1_000 } };
const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function sum(mode: 'synchronous' | 'semi-synchronous' | 'asynchronous', fencing: boolean, stat: string): number {
  let total = 0;
  for (const seed of seeds) {
    const report = simulate({ seed, protocol: { kind: 'leader-follower', mode, replicas: 5, synchronousAcks: 2, fencing }, workload, faults: { random: { ...faults.random, kinds: [...faults.random.kinds] } }, claim: { consistency: 'none' } });
    total += stat === 'lostWrites' ? report.freshness.lostWrites : (report.protocolStats[stat] ?? 0);
  }
  return total;
}

describe('leader-follower protocol', () => {
  it('without faults, synchronous replication is linearizable and loses nothing', () => {
    const report = simulate({ seed: 1, protocol: { kind: 'leader-follower', mode: 'synchronous', replicas: 3 }, workload: { ...workload, mix: { read: 2, write: 2, cas: 1 } } });
    expect(report.verdict).toBe('holds');
    expect([report.operations.read?.ok, report.operations.write?.ok]).toEqual([report.operations.read?.invoked, report.operations.write?.invoked]);
    expect(report.operations.cas?.info).toBe(0); // a cas fails only when the value differs
    expect(report.protocolStats.failovers).toBe(0);
    expect(formatReport(report)).toMatch(/^drawn {6}failover timeouts \(per node, one per start or restart\): 0: [\d.]+ms; 1: [\d.]+ms; 2: [\d.]+ms$/m);
  });

  it('asynchronous replication with failover loses acknowledged writes, and the report counts them', () => {
    const options: SimulateOptions = {
      seed: 3,
      protocol: { kind: 'leader-follower', mode: 'asynchronous', replicas: 3 },
      workload: { ...workload, operations: 1_500 },
      faults: { schedule: [{ atMs: 300, durationMs: 1_000, fault: { kind: 'isolate', node: 0 } }] },
    };
    const report = simulate(options);
    expect(report.protocolStats.failovers).toBeGreaterThan(0);
    expect(report.protocolStats.truncatedEntries).toBeGreaterThan(0);
    expect(report.freshness.lostWrites).toBeGreaterThan(0);
    expect(report.verdict).toBe('violated');
    expect(report.findings.join(' ')).toMatch(/acknowledged writes? (was|were) lost/);
    const text = formatReport(report);
    expect(text).toMatch(new RegExp(`lost writes {2}${report.freshness.lostWrites} of \\d+ acknowledged writes`));
    expect(text).toMatch(/absent from the converged state/);
    expect(sum('asynchronous', false, 'lostWrites')).toBeGreaterThan(0);
  });

  it('fencing prevents writes from a deposed leader: no replica applies them, and with majority acks none is acknowledged', () => {
    expect(sum('asynchronous', false, 'deposedWritesApplied') + sum('synchronous', false, 'deposedWritesApplied')).toBeGreaterThan(0);
    expect(sum('asynchronous', true, 'deposedWritesApplied')).toBe(0);
    expect(sum('semi-synchronous', true, 'deposedWritesApplied')).toBe(0);
    expect(sum('semi-synchronous', true, 'fencedAppends')).toBeGreaterThan(0);
    // Split brain: without fencing a deposed leader keeps acknowledging writes; with fencing and
    // acknowledgements from a majority (2 followers + the leader of 5), it cannot.
    expect(sum('semi-synchronous', false, 'deposedLeaderAcks')).toBeGreaterThan(0);
    expect(sum('semi-synchronous', true, 'deposedLeaderAcks')).toBe(0);
    expect(sum('semi-synchronous', true, 'lostWrites')).toBe(0);
  });

  it('without fencing, a partition elects a second leader (split brain)', () => {
    const report = simulate({
      seed: 1,
      protocol: { kind: 'leader-follower', mode: 'asynchronous', replicas: 5 },
      workload,
      faults: { schedule: [{ atMs: 200, durationMs: 1_500, fault: { kind: 'partition', groups: [[0, 1], [2, 3, 4]] } }] },
      claim: { consistency: 'none' },
    });
    expect(report.protocolStats.maxSimultaneousLeaders).toBeGreaterThanOrEqual(2);
    expect(report.protocolStats.splitBrainMs).toBeGreaterThan(0);
    expect(report.protocolStats.deposedLeaderAcks).toBeGreaterThan(0);
  });

  it('reads from followers are stale under asynchronous replication', () => {
    const report = simulate({ seed: 2, protocol: { kind: 'leader-follower', mode: 'asynchronous', replicas: 3, readFrom: 'any' }, workload: { ...workload, keys: 1 }, network: { latency: { distribution: 'constant', ms: 20 } } });
    expect(report.freshness.staleReads).toBeGreaterThan(0);
    expect(report.check?.verdict).toBe('violated');
  });

  it('ReadIndex makes fenced synchronous leader reads linearizable under every fault; local leader reads are not', () => {
    const allFaults = { random: { kinds: ['partition', 'crash', 'latency-spike', 'clock-skew', 'isolate'] as const } };
    const verdicts = (readIndex: boolean) =>
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(
        (seed) => simulate({ seed, protocol: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, fencing: true, readIndex }, workload: { operations: 400, clients: 5 }, faults: allFaults }).verdict,
      );
    expect(verdicts(true).filter((verdict) => verdict === 'violated')).toEqual([]);
    // Without it, a deposed leader (or one showing a write a failover later discards) answers reads.
    expect(verdicts(false)).toContain('violated');
  });

  it('session tokens give read-your-writes and monotonic reads on asynchronous followers; plain follower reads do not', () => {
    const allFaults = { random: { kinds: ['partition', 'crash', 'latency-spike', 'clock-skew'] as const } };
    const verdicts = (sessionReads: boolean, consistency: 'read-your-writes' | 'monotonic-reads') =>
      [1, 2, 3, 4, 5, 6, 7, 8].map(
        (seed) =>
          simulate({
            seed,
            protocol: { kind: 'leader-follower', mode: 'asynchronous', replicas: 5, fencing: true, readFrom: 'any', sessionReads },
            workload: { operations: 500, clients: 5 },
            faults: allFaults,
            claim: { consistency, noLostWrites: false },
          }).verdict,
      );
    expect(verdicts(true, 'read-your-writes')).not.toContain('violated');
    expect(verdicts(true, 'monotonic-reads')).not.toContain('violated');
    expect(verdicts(false, 'read-your-writes')).toContain('violated');
  });

  it('crashes alone lose asynchronously replicated writes: the leader’s in-flight replication dies with it', () => {
    let lost = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const report = simulate({ seed, protocol: { kind: 'leader-follower', mode: 'asynchronous', replicas: 3, fencing: true }, workload: { operations: 500 }, network: { latency: { distribution: 'constant', ms: 10 } }, faults: { random: { kinds: ['crash'] } }, claim: { consistency: 'none' } });
      lost += report.freshness.lostWrites;
    }
    expect(lost).toBeGreaterThan(0);
  });

  it('a compare-and-set that does not match answers from committed state, so read as the read it is the history stays linearizable', () => {
    for (const seed of [1165, 1, 2, 3]) {
      const report = simulate({
        seed,
        protocol: { kind: 'leader-follower', mode: 'synchronous', replicas: 5, fencing: true, readIndex: true },
        workload: { operations: 300, mix: { read: 1, write: 1, cas: 1 } },
        faults: { random: { kinds: ['partition', 'crash', 'latency-spike', 'clock-skew'] } },
        claim: { consistency: 'none' },
        keepHistory: true,
      });
      // A refused compare saw a value other than the expected one: record it as the read of what it saw.
      const invokes = new Map<unknown, number>();
      const asReads: HistoryEvent[] = [];
      let refused = 0;
      for (const event of report.history ?? []) {
        const meta = event.meta as { error?: string; observed?: unknown } | undefined;
        if (event.type === 'invoke') invokes.set(event.process, asReads.length);
        if (event.f === 'cas' && event.type === 'fail' && meta?.error === 'cas-mismatch' && 'observed' in meta) {
          refused++;
          const at = invokes.get(event.process) as number;
          asReads[at] = { ...(asReads[at] as HistoryEvent), f: 'read', value: null };
          asReads.push({ ...event, type: 'ok', f: 'read', value: meta.observed ?? null });
        } else asReads.push(event);
      }
      expect(refused).toBeGreaterThan(0);
      expect({ seed, verdict: checkHistory(asReads, { model: 'cas-register', consistency: 'linearizable', budget: { maxSteps: 5_000_000 } }).verdict }).not.toEqual({ seed, verdict: 'violated' });
    }
  });
  it('validates its options', () => {
    expect(() => new LeaderFollowerProtocol({ mode: 'semi-synchronous', replicas: 3, synchronousAcks: 3 })).toThrow(/synchronousAcks/);
    expect(() => new LeaderFollowerProtocol({ mode: 'eventual' as never, replicas: 3 })).toThrow(/mode/);
    expect(new LeaderFollowerProtocol({ mode: 'synchronous', replicas: 4 }).settings.synchronousAcks).toBe(3);
  });
});
