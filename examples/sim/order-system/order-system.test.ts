// The order system in CI: the correct world holds its four invariants on a sweep, and a short
// sweep finds each of the three bugs — by searching the seeds in order, not from a list of known
// seeds — with the failing seed's faults shrunk and its replay line printed.
import { describe, expect, it } from 'vitest';
import { formatWorldSweep, runWorld, sweepWorld } from 'pacelc/world';
import { consumerWithoutInbox, nonIdempotentCompensation, orderSystem, orderSystemWithBrokerCrashes, relayMarksBeforeAck } from './world.js';

describe('the order-system world', () => {
  // The test of docs/sim-your-services.md ("In your test suite"), as the page shows it.
  it('the order system holds its invariants on 100 seeds', async () => {
    const report = await sweepWorld(orderSystem, { seeds: [1, 100] });
    expect(report.firstFailure, formatWorldSweep(report)).toBeUndefined();
    expect(Object.entries(report.coverage).filter(([, seeds]) => seeds === 0)).toEqual([]);
  });

  it('holds its invariants when the broker crashes too (publishes time out, deliveries in flight are redelivered)', async () => {
    const report = await sweepWorld(orderSystemWithBrokerCrashes, { seeds: [1, 25] });
    expect(report.firstFailure, formatWorldSweep(report)).toBeUndefined();
    const run = await runWorld(orderSystemWithBrokerCrashes, { seed: 3, keepTrace: true });
    expect(run.verdict).toBe('ok');
    expect(run.schedule.filter((fault) => fault.kind === 'broker-crash')).toHaveLength(2);
    expect(run.trace?.filter((line) => line.endsWith(' broker restarts'))).toHaveLength(2);
    expect(run.trace?.some((line) => /timeout orders->broker\.publish/.test(line))).toBe(true);
  });

  it('replays a seed byte for byte', async () => {
    const a = await runWorld(consumerWithoutInbox, { seed: 5 });
    const b = await runWorld(consumerWithoutInbox, { seed: 5 });
    expect(b).toEqual(a);
  });

  const bugs = [
    { name: 'a consumer without its inbox charges twice on a redelivery', world: consumerWithoutInbox, seeds: [1, 30] as const, invariant: 'no payment charged twice', says: /captured 2 times/ },
    { name: 'a relay that marks messages sent before the publish is acked loses one in a crash', world: relayMarksBeforeAck, seeds: [1, 80] as const, invariant: 'every relayed message applied once', says: /applied it 0 times/ },
    { name: 'a compensation that is not idempotent refunds twice when retried', world: nonIdempotentCompensation, seeds: [1, 30] as const, invariant: 'no payment charged twice', says: /refunded 2 times/ },
  ];
  for (const bug of bugs) {
    it(`finds the bug: ${bug.name}`, async () => {
      const report = await sweepWorld(bug.world, { seeds: bug.seeds });
      const failure = report.firstFailure;
      expect(failure?.violations[0]?.invariant).toBe(bug.invariant);
      expect(failure?.violations[0]?.message).toMatch(bug.says);
      // Shrunk: fewer faults, still failing the same invariant, and the replay line names them.
      expect(report.shrunk?.faults.length).toBeLessThanOrEqual(failure?.schedule.length ?? 0);
      expect(report.shrunk?.result.violations[0]?.invariant).toBe(bug.invariant);
      const text = formatWorldSweep({ ...report, module: '/repo/examples/sim/order-system/world.ts', exportName: 'x' }, '/repo');
      expect(text).toContain(`--seed ${failure?.seed}`);
      // The shrunk schedule, replayed alone, fails the same way.
      const replay = await runWorld(bug.world, { seed: failure?.seed as number, keepFaults: report.shrunk?.keptFaults as number[], magnitudes: report.shrunk?.magnitudes as Record<number, number> });
      expect(replay.traceSha256).toBe(report.shrunk?.result.traceSha256);
    });
  }
});
