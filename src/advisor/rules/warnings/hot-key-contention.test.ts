import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.hot-key-contention';

describe(id, () => {
  it('flags hot keys on linearizable data, with escrow buckets as the way out', () => {
    const found = warningsOf(specOf({ entities: [{ name: 'stock', key: 'sku', noDoubleBooking: true, hotKeys: 'high' }] }), id);
    expect(found[0]?.message).toContain('every write to a hot sku is ordered by one leader');
    expect(found[0]?.fix).toContain('escrow');
  });

  it('is silent for eventual data or keys that are not hot', () => {
    expect(warningsOf(specOf({ entities: [{ hotKeys: 'high' }, { money: true, hotKeys: 'medium' }] }), id)).toEqual([]);
  });
});
