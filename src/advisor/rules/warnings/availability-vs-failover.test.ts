import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';
import { downtimeBudgetMs } from './availability-vs-failover.js';

const id = 'warning.availability-below-failover-time';

describe(id, () => {
  it('99.999% monthly is about 26 s of downtime: a 30 s consensus failover spends it in one event', () => {
    expect(downtimeBudgetMs(99.999, 'monthly')).toBe(25_920);
    const [warning] = warningsOf(specOf({ system: { availability: 99.999, regions: ['us-east-1', 'us-east-2', 'us-west-2'] }, entities: [{ name: 'ledger', money: true }] }), id);
    expect(warning?.message).toContain('allows 26 s of downtime a month');
    expect(warning?.message).toContain('takes about 30 s');
  });

  it('measured yearly, the same target allows 5.3 min, so the failover fits', () => {
    expect(downtimeBudgetMs(99.999, 'yearly')).toBe(315_360);
    expect(warningsOf(specOf({ system: { availability: 99.999, availabilityWindow: 'yearly', regions: ['us-east-1', 'us-east-2', 'us-west-2'] }, entities: [{ money: true }] }), id)).toEqual([]);
  });

  it('is silent without a target, or when nothing fails over', () => {
    expect(warningsOf(specOf({ entities: [{ money: true }] }), id)).toEqual([]);
    expect(warningsOf(specOf({ system: { availability: 99.999 }, entities: [{ replication: { kind: 'leaderless', n: 3, w: 2, r: 2 } }] }), id)).toEqual([]);
  });
});
