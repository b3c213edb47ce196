import { describe, expect, it } from 'vitest';
import { countWindow } from './count-window.js';
import { timeWindow } from './time-window.js';
import { consecutiveFailures } from './trip-strategy.js';

describe('trip strategies', () => {
  it('count window: toJSON / restore keeps the last outcomes in order', () => {
    const window = countWindow({ size: 4, failureRatio: 0.75 });
    for (const failed of [true, false, true, true, false]) window.record(failed, false, 0);
    const saved = JSON.parse(JSON.stringify(window.toJSON(0)));
    expect(saved).toEqual({ outcomes: [0, 1, 1, 0] });
    const restored = countWindow({ size: 4, failureRatio: 0.75 });
    restored.restore(saved, 0);
    expect(restored.record(true, false, 0)).toBe(true); // [1, 1, 0, 1]: 3 of 4
  });

  it('time window: toJSON / restore keeps bucket ages, and old buckets expire after restoring', () => {
    const window = timeWindow({ windowMs: 1_000, bucketCount: 10, minimumThroughput: 4, failureRatio: 0.5 });
    window.record(true, false, 100);
    window.record(true, false, 500);
    window.record(false, false, 900);
    const saved = JSON.parse(JSON.stringify(window.toJSON(950)));
    const restored = timeWindow({ windowMs: 1_000, bucketCount: 10, minimumThroughput: 4, failureRatio: 0.5 });
    restored.restore(saved, 10_950); // same ages, 10 s later on another clock
    expect(restored.record(false, false, 10_950)).toBe(true); // 2 of 4 failed
    const later = timeWindow({ windowMs: 1_000, bucketCount: 10, minimumThroughput: 4, failureRatio: 0.5 });
    later.restore(saved, 10_950);
    expect(later.record(false, false, 11_700)).toBe(false); // the first two failures have aged out
  });

  it('consecutive failures: restore never starts at or past the threshold', () => {
    const strategy = consecutiveFailures(3);
    strategy.restore({ failures: 99 }, 0);
    expect(strategy.record(false, false, 0)).toBe(false);
    strategy.restore({ failures: 99 }, 0);
    expect(strategy.record(true, false, 0)).toBe(true);
    strategy.restore('garbage', 0);
  });

  it('slow calls trip a window on their own', () => {
    const window = timeWindow({ windowMs: 1_000, minimumThroughput: 2, slowCallRatio: 1 });
    expect(window.record(false, true, 0)).toBe(false);
    expect(window.record(false, true, 1)).toBe(true);
  });
});
