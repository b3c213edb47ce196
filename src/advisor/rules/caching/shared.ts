import type { ModelContext } from '../../context.js';
import type { Alternative, CachingDesign } from '../../design-types.js';
import type { CacheSpec } from '../../spec/schema.js';

/** What a caching rule sees: one read path of the spec, and its entity's context. */
export interface CachingInput {
  readonly context: ModelContext;
  readonly cache: CacheSpec;
}

/** Stampede protection for a read path: coalescing and jitter always; early expiration when hot. */
export function stampedeProtection(input: CachingInput): CachingDesign['stampedeProtection'] {
  const hot =
    input.cache.hotKeys === 'high' || input.cache.hotKeys === 'medium' || input.context.entity.hotKeys === 'high' || (input.cache.readsPerSecond ?? 0) >= 1_000;
  return [
    'request-coalescing',
    'ttl-jitter',
    ...(hot ? (['probabilistic-early-expiration'] as const) : []),
    ...(input.cache.freshness === 'any' ? (['stale-while-revalidate'] as const) : []),
  ];
}

/**
 * The TTL for a freshness bound: 80% of it, leaving the rest for replication lag and jitter, so
 * that a cached answer is never older than the bound (cache age + replica lag ≤ bound).
 */
export function ttlFor(cache: CacheSpec): number {
  if (cache.freshness === 'any') return 3_600_000;
  if (cache.freshness === 'none') return 0;
  return Math.max(1, Math.floor(cache.freshness.maxMs * 0.8));
}

export function otherCaching(chosen: string, overrides: Partial<Record<string, string>> = {}): Alternative[] {
  const all: Record<string, string> = {
    none: 'every read would hit the store',
    'cache-aside': 'misses and invalidation are the caller’s job, and a write is visible in the cache only after invalidation or TTL',
    'write-through': 'every write pays the cache write too, for entries that may never be read',
    'write-behind': 'acknowledges writes held only in the cache: a cache crash loses them',
  };
  return Object.entries(all)
    .filter(([choice]) => choice !== chosen)
    .map(([choice, whyRejected]) => ({ choice, whyRejected: overrides[choice] ?? whyRejected }));
}
