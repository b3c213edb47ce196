import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { conflictsOf, warningsOf } from '../../testing/review.js';

const id = 'conflict.decision-reads-cached';
const warning = 'warning.money-or-claims-behind-cache';

describe(id, () => {
  const withCache = (reads: 'decision' | 'display' | undefined, entity: Record<string, unknown> = { money: true }) =>
    specOf({
      entities: [{ name: 'account', key: 'account_id', ...entity }],
      caches: [{ name: 'balance-cache', entity: 'account', freshness: { maxMs: 3_600_000 }, ...(reads === undefined ? {} : { reads }) }],
    });

  it('is a conflict when a one-hour TTL cache serves the balance checked before a debit', () => {
    const [conflict] = conflictsOf(withCache('decision'), id);
    expect(conflict?.requirements).toContain('caches.balance-cache.reads: decision');
    expect(conflict?.options.join(' ')).toContain('fenced invalidation');
    expect(conflict?.options.join(' ')).toContain('reads: display');
  });

  it('holds for noDoubleBooking too (a seat checked before a claim)', () => {
    expect(conflictsOf(withCache('decision', { noDoubleBooking: true }), id)).toHaveLength(1);
  });

  it('warns, asking which reads, when the spec does not say', () => {
    const spec = withCache(undefined);
    expect(conflictsOf(spec, id)).toEqual([]);
    expect(warningsOf(spec, warning)[0]?.fix).toContain('reads: display');
  });

  it('is silent for display reads, uncached paths and ordinary data', () => {
    expect(conflictsOf(withCache('display'), id)).toEqual([]);
    expect(warningsOf(withCache('display'), warning)).toEqual([]);
    expect(warningsOf(withCache(undefined, {}), warning)).toEqual([]);
  });
});
