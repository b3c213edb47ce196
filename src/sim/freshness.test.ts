import { describe, expect, it } from 'vitest';
import { FreshnessTracker } from './freshness.js';

describe('FreshnessTracker', () => {
  it('counts a read stale only when it misses a write acknowledged before it began', () => {
    const tracker = new FreshnessTracker();
    tracker.writeInvoked('x', 1, 0);
    tracker.writeAcknowledged('x', 1, 5, undefined);
    tracker.readCompleted('x', 0, 3, 8, null); // concurrent with the write: fine
    tracker.writeInvoked('x', 2, 10);
    tracker.readCompleted('x', 0, 11, 12, 1); // write 2 not yet acknowledged: fine
    tracker.writeAcknowledged('x', 2, 15, undefined);
    tracker.writeInvoked('x', 3, 16);
    tracker.writeAcknowledged('x', 3, 20, undefined);
    tracker.readCompleted('x', 7, 30, 31, 1); // missed 2 and 3
    tracker.readCompleted('x', 0, 30, 31, 3); // fresh
    tracker.readCompleted('x', 0, 30, 31, null); // missed 1, 2 and 3
    const report = tracker.report();
    expect(report.readsChecked).toBe(5);
    expect(report.staleReads).toBe(2);
    expect(report.versionsBehind.max).toBe(3);
    expect(report.examples[0]).toMatchObject({ key: 'x', process: 7, value: 1, latestAcknowledged: 3, versionsBehind: 2, staleMs: 15 });
  });

  it('still places a value older than its window, as a lower bound', () => {
    const tracker = new FreshnessTracker();
    for (let value = 1; value <= 200; value++) {
      tracker.writeInvoked('x', value, value * 10);
      tracker.writeAcknowledged('x', value, value * 10 + 1, undefined);
    }
    tracker.readCompleted('x', 0, 5_000, 5_001, 3); // write 3 is long forgotten
    const report = tracker.report();
    expect(report.staleReads).toBe(1);
    expect(report.versionsBehind.max).toBeGreaterThan(50);
  });

  it('finds writes overwritten by an older write with a higher version (last writer wins under skew)', () => {
    const tracker = new FreshnessTracker();
    tracker.writeInvoked('x', 1, 0);
    tracker.writeAcknowledged('x', 1, 2, 900); // a clock ahead stamped it 900
    tracker.writeInvoked('x', 2, 10);
    tracker.writeAcknowledged('x', 2, 12, 500); // later in real time, lower version: shadowed
    tracker.finish(() => 1);
    const report = tracker.report();
    expect(report.lostWrites).toBe(1);
    expect(report.lostExamples[0]?.value).toBe(2);
    expect(report.lostExamples[0]?.reason).toMatch(/older write 1/);
  });

  it('finds writes the converged state does not hold, or rolled back', () => {
    const tracker = new FreshnessTracker();
    for (let value = 1; value <= 3; value++) {
      tracker.writeInvoked('x', value, value * 10);
      tracker.writeAcknowledged('x', value, value * 10 + 1, undefined);
    }
    tracker.finish(
      () => 2, // the converged value is older than write 3
      [{ key: 'x', value: 1 }, { key: 'x', value: 9 }], // write 1 vanished from the log (9 was never acknowledged)
    );
    const report = tracker.report();
    expect(report.acknowledgedWrites).toBe(3);
    expect(report.lostWrites).toBe(2);
    expect(report.lostExamples.map((lost) => lost.value).sort()).toEqual([1, 3]);
  });
});
