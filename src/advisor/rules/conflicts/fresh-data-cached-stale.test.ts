import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { conflictsOf } from '../../testing/review.js';

const id = 'conflict.no-staleness-but-cached';

describe(id, () => {
  it('reports a stale cache on data that allows no staleness', () => {
    const found = conflictsOf(specOf({ entities: [{ name: 'balance', staleness: 'none' }], caches: [{ name: 'balance-widget', entity: 'balance', freshness: { maxMs: 2000 } }] }), id);
    expect(found[0]?.requirements).toEqual(['entities.balance.staleness: none', 'caches.balance-widget.freshness: { maxMs: 2000 }']);
  });
  it('is silent when the read path is not cached', () => {
    expect(conflictsOf(specOf({ entities: [{ name: 'balance', staleness: 'none' }], caches: [{ name: 'w', entity: 'balance', freshness: 'none' }] }), id)).toEqual([]);
  });
});
