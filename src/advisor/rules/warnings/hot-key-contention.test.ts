import { describe, expect, it } from 'vitest';
import { design } from '../../design.js';
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

  it('gives a read-hot key (a viral short link, 10,000 reads per write) no write-side advice', () => {
    const spec = specOf({ entities: [{ name: 'short-link', key: 'slug', noDoubleBooking: true, hotKeys: 'high', readWriteRatio: 10_000 }] });
    expect(warningsOf(spec, id)).toEqual([]);
    const mitigation = design(spec).entities[0]?.partitioning.choice.hotKeyMitigation ?? '';
    expect(mitigation).toContain('read-hot slug');
    expect(mitigation).not.toContain('sub-keys');
  });

  it('gives a ranking a per-partition top-K merged periodically, not key splitting', () => {
    const spec = specOf({ entities: [{ name: 'leaderboard', key: 'player_id', noDoubleBooking: true, hotKeys: 'high', access: ['top-k'] }] });
    expect(warningsOf(spec, id)[0]?.fix).toContain('per-partition top-K merged periodically');
    const mitigation = design(spec).entities[0]?.partitioning.choice.hotKeyMitigation ?? '';
    expect(mitigation).toContain('each partition keeps its own top-K');
    expect(mitigation).not.toContain('sub-keys');
  });
});
