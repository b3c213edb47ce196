import { describe, expect, it } from 'vitest';
import { decideFirst } from '../../rule.js';
import { modelContextOf } from '../../testing/builders.js';
import { cacheAside } from './cache-aside.js';
import { cachingRules } from './index.js';

describe('caching.cache-aside', () => {
  it('sets the TTL to 80% of the freshness bound and always coalesces misses', () => {
    const draft = cacheAside.decide({ context: modelContextOf('bounded-staleness'), cache: { name: 'page', entity: 'entity0', freshness: { maxMs: 60_000 } } });
    expect(draft?.choice).toMatchObject({ strategy: 'cache-aside', ttlMs: 48_000, ttlJitter: 0.1, invalidation: 'on-write-event' });
    expect(draft?.choice.stampedeProtection).toEqual(['request-coalescing', 'ttl-jitter']);
  });

  it('adds probabilistic early expiration for hot read paths and stale-while-revalidate when anything goes', () => {
    const hot = cacheAside.decide({ context: modelContextOf('eventual'), cache: { name: 'feed', entity: 'entity0', freshness: 'any', readsPerSecond: 50_000 } });
    expect(hot?.choice.stampedeProtection).toEqual(['request-coalescing', 'ttl-jitter', 'probabilistic-early-expiration', 'stale-while-revalidate']);
    expect(hot?.choice).toMatchObject({ ttlMs: 3_600_000, invalidation: 'ttl-only' });
  });

  it('is the default of the tree', () => {
    expect(cachingRules.at(-1)).toBe(cacheAside);
    expect(decideFirst(cachingRules, { context: modelContextOf('eventual'), cache: { name: 'x', entity: 'entity0', freshness: 'none' } }).ruleId).toBe('caching.no-cache-when-fresh');
  });

  it('expires by TTL only when per-write invalidation would defeat the cache (tens of thousands of writes per second)', () => {
    const context = modelContextOf('eventual', { volume: { writesPerSecond: 40_000 } });
    const draft = cacheAside.decide({ context, cache: { name: 'counts', entity: 'entity0', freshness: { maxMs: 5_000 } } });
    expect(draft?.choice).toMatchObject({ invalidation: 'ttl-only', ttlMs: 4_000 });
    expect(draft?.why).toContain('batch invalidations');
    expect(draft?.why).toContain('materialised view');
    const quiet = cacheAside.decide({ context: modelContextOf('eventual', { volume: { writesPerSecond: 50 } }), cache: { name: 'counts', entity: 'entity0', freshness: { maxMs: 5_000 } } });
    expect(quiet?.choice.invalidation).toBe('on-write-event');
  });
});
