import { describe, expect, it } from 'vitest';
import { Random } from '../runtime/random.js';
import { Kernel } from './kernel.js';
import { Nemesis } from './nemesis.js';
import { RunMetrics } from './run-metrics.js';
import { describeFault } from './fault.js';

function cluster(nodes: number): Kernel {
  const kernel = new Kernel({ random: new Random(1), nodeCount: nodes, clientCount: 0 });
  for (let node = 0; node < nodes; node++) kernel.addNode(() => ({ onMessage() {} }));
  kernel.start();
  return kernel;
}

describe('Nemesis', () => {
  it('applies a schedule and undoes each fault when it ends; overlapping cuts compose', () => {
    const kernel = cluster(3);
    const metrics = new RunMetrics();
    const nemesis = new Nemesis({
      kernel,
      metrics,
      random: new Random(2),
      schedule: [
        { atMs: 10, durationMs: 100, fault: { kind: 'partition', groups: [[0], [1, 2]] } },
        { atMs: 20, durationMs: 200, fault: { kind: 'isolate', node: 2 } },
        { atMs: 30, durationMs: 50, fault: { kind: 'crash', nodes: [1] } },
        { atMs: 40, fault: { kind: 'clock-skew', nodes: [0], skewMs: 300, driftPpm: 100 } },
        { atMs: 50, durationMs: 10, fault: { kind: 'latency-spike', nodes: [2], extraMs: 100 } },
      ],
    });
    nemesis.start();
    kernel.runUntil(35);
    expect([kernel.network.isBlocked(0, 1), kernel.network.isBlocked(1, 2), kernel.isUp(1)]).toEqual([true, true, false]);
    kernel.runUntil(100);
    expect(kernel.isUp(1)).toBe(true);
    expect(kernel.clockOf(0).offsetMs(100)).toBeCloseTo(300 + 60 * 1e-4, 6);
    kernel.runUntil(150);
    expect([kernel.network.isBlocked(0, 1), kernel.network.isBlocked(1, 2)]).toEqual([false, true]); // the isolation still holds
    nemesis.stopAndHeal();
    expect(kernel.network.isBlocked(1, 2)).toBe(false);
    expect(kernel.clockOf(0).offsetMs(150)).toBe(0);
    expect(metrics.faultWindows().map((window) => [window.description, window.startMs, window.endMs])).toEqual([
      ['partition [0] | [1 2]', 10, 110],
      ['isolate 2', 20, 150],
      ['crash 1', 30, 80],
      ['clock-skew 0 +300ms 100ppm', 40, 150],
      ['latency-spike 2 +100ms', 50, 60],
    ]);
  });

  it('draws faults from its seed, the same ones every time', () => {
    const draw = (seed: number): string[] => {
      const kernel = cluster(5);
      const nemesis = new Nemesis({ kernel, metrics: new RunMetrics(), random: new Random(seed), randomFaults: { kinds: ['partition', 'crash', 'clock-skew', 'latency-spike', 'isolate', 'partition-one-way'] } });
      nemesis.start();
      kernel.runUntil(20_000);
      return nemesis.injected.map((entry) => `${entry.atMs}+${String(entry.durationMs)} ${describeFault(entry.fault)}`);
    };
    const first = draw(7);
    expect(first.length).toBeGreaterThan(4);
    expect(draw(7)).toEqual(first);
    expect(draw(8)).not.toEqual(first);
  });

  it('message loss, duplication and reordering: windows drawn from the seed, overlapping ones keep the worst', () => {
    const kernel = cluster(3);
    const metrics = new RunMetrics();
    const nemesis = new Nemesis({
      kernel,
      metrics,
      random: new Random(2),
      schedule: [
        { atMs: 10, durationMs: 100, fault: { kind: 'message-loss', nodes: [0], probability: 1 } },
        { atMs: 20, durationMs: 20, fault: { kind: 'message-loss', nodes: [0], probability: 0.1 } },
        { atMs: 10, durationMs: 100, fault: { kind: 'message-duplication', nodes: [1], probability: 1 } },
        { atMs: 10, durationMs: 100, fault: { kind: 'message-reorder', nodes: [2] } },
      ],
    });
    nemesis.start();
    kernel.runUntil(50);
    // Loss 1 still holds after the overlapping 0.1 ended; duplication 1 on node 1's links.
    expect([kernel.network.route(0, 2, 50), kernel.network.route(1, 2, 50)]).toEqual([0, 2]);
    kernel.runUntil(120);
    expect([kernel.network.route(0, 2, 120), kernel.network.route(1, 2, 120)]).toEqual([1, 1]);
    expect(metrics.faultWindows().map((window) => window.description)).toEqual(['message-loss 0 p=1', 'message-duplication 1 p=1', 'message-reorder 2', 'message-loss 0 p=0.1']);
    const five = cluster(5);
    const drawn = new Nemesis({ kernel: five, metrics: new RunMetrics(), random: new Random(9), randomFaults: { kinds: ['message-loss', 'message-duplication', 'message-reorder'] } });
    drawn.start();
    five.runUntil(20_000);
    const kinds = new Set(drawn.injected.map((entry) => entry.fault.kind));
    expect(kinds).toEqual(new Set(['message-loss', 'message-duplication', 'message-reorder']));
    for (const entry of drawn.injected) if (entry.fault.kind === 'message-loss') expect(entry.fault.probability).toBeGreaterThanOrEqual(0.05);
  });

  it('rejects faults naming nodes that do not exist', () => {
    expect(() => new Nemesis({ kernel: cluster(3), metrics: new RunMetrics(), random: new Random(1), schedule: [{ atMs: 0, fault: { kind: 'crash', nodes: [3] } }] })).toThrow(/node/);
  });
});
