import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.cache-without-stampede-protection';

describe(id, () => {
  it('flags a cache in place today that does not coalesce misses', () => {
    const found = warningsOf(specOf({ entities: [{ name: 'product' }], caches: [{ name: 'page', entity: 'product', freshness: 'any', readsPerSecond: 9000, stampedeProtection: false }] }), id);
    expect(found[0]?.message).toContain('at 9000 reads/s');
  });
  it('is silent when protection is in place or unknown', () => {
    expect(warningsOf(specOf({ entities: [{ name: 'product' }], caches: [{ name: 'page', entity: 'product', freshness: 'any' }] }), id)).toEqual([]);
  });
});
