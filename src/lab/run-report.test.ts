import { describe, expect, it } from 'vitest';
import { simulate } from '../replication/simulate.js';
import { MessageLog } from '../sim/message-log.js';
import { messageWindow, runView } from './run-report.js';

describe('runView', () => {
  // Raft on 3 nodes without pre-vote; a follower is cut off from 1 s to 2 s. While cut off it keeps
  // raising its term; when it comes back, that term deposes the leader: the trouble starts at the heal.
  const options = { seed: 3, protocol: { kind: 'raft' as const, replicas: 3 }, workload: { operations: 1_500, clients: 4 }, faults: { schedule: [{ atMs: 1_000, durationMs: 1_000, fault: { kind: 'isolate' as const, node: 1 } }] } };

  it('draws the faults with the recovery after each, the series and the operations of a run', () => {
    const messages = new MessageLog({ fromMs: 950, toMs: 1_200 });
    const report = simulate({ ...options, messageLog: messages });
    const view = runView({ title: 'raft', report, nodeCount: 3, replay: 'pacelc simulate --protocol raft --seed 3', messages });
    expect(view.nodes).toEqual(['n0', 'n1', 'n2']);
    expect(view.clients).toBe(4);
    expect(view.faults).toHaveLength(1);
    const [fault] = view.faults;
    expect(fault).toMatchObject({ kind: 'isolate', description: 'isolate 1', startMs: 1_000, nodes: [1], availability: 1 });
    expect(fault?.endMs).toBeCloseTo(2_000, 0);
    // the leader the returning follower deposes: operations fail until a new one is elected
    expect(fault?.recoveryMs).toBeGreaterThan(100);
    expect(view.operations.id).toHaveLength(1_500);
    expect(view.operationCount).toBe(1_500);
    // every operation is on the timeline: the client that issued it, a return or -1, the node that answered
    expect(new Set(view.operations.client)).toEqual(new Set([0, 1, 2, 3]));
    expect(view.operations.node.every((node) => node >= -1 && node < 3)).toBe(true);
    const { series } = view;
    expect(series.t).toHaveLength(series.availability.length);
    expect(series.p99Ms).toHaveLength(series.t.length);
    // availability dips after the heal, not during the fault
    const between = (from: number, to: number) => series.t.map((start, index) => [start, series.availability[index]] as const).filter(([start]) => start >= from && start < to);
    expect(between(1_000, 2_000).every(([, availability]) => availability === null || availability === 1)).toBe(true);
    expect(between(2_000, 2_000 + (fault?.recoveryMs ?? 0) + 100).some(([, availability]) => availability !== null && availability !== undefined && availability < 1)).toBe(true);
    expect(view.messages?.from.length).toBeGreaterThan(10);
    expect(view.messages?.dropped).toContain('cut');
    expect(view.replay).toBe('pacelc simulate --protocol raft --seed 3');
    expect(view.text).toContain('raft');
  });

  it('names the operations the check blames, records messages around the first, and cuts a long run to a window', () => {
    const report = simulate({ seed: 7, protocol: { kind: 'leaderless', n: 5, w: 3, r: 2 }, workload: { operations: 10_000 }, faults: { random: { kinds: ['partition'] } } });
    expect(report.verdict).toBe('violated');
    const view = runView({ title: 'leaderless', report, nodeCount: 5, maxOperations: 2_000, withText: false });
    const first = view.violating[0];
    expect(first?.why).toContain('linearizable');
    expect(view.operations.id).toContain(first?.id);
    expect(view.operations.id).toHaveLength(2_000);
    expect(view.sampleNote).toMatch(/^This run has 10,000 operations: #[\d,]+ to #[\d,]+ are drawn on the timeline, around the failure; the charts count them all\.$/);
    expect(view.text).toBeUndefined();
    const index = view.operations.id.indexOf(first?.id ?? -1);
    const window = messageWindow(report);
    expect(window.fromMs).toBeLessThanOrEqual(view.operations.call[index] as number);
    expect(window.toMs).toBeGreaterThan(view.operations.call[index] as number);
    expect(() => runView({ title: 'x', report, nodeCount: 5, maxOperations: 0 })).toThrow(/maxOperations must be a whole number > 0, received 0/);
  });
});
