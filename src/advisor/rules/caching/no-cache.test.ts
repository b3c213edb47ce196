import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { noCache } from './no-cache.js';

describe('caching.no-cache-when-fresh', () => {
  it('does not cache a read path that must be fresh', () => {
    const draft = noCache.decide({ context: modelContextOf('linearizable'), cache: { name: 'balance', entity: 'entity0', freshness: 'none' } });
    expect(draft?.choice).toEqual({ readPath: 'balance', strategy: 'none', stampedeProtection: [] });
  });

  it('does not apply when staleness is allowed', () => {
    expect(noCache.decide({ context: modelContextOf('linearizable'), cache: { name: 'badge', entity: 'entity0', freshness: { maxMs: 1000 } } })).toBeUndefined();
  });
});
