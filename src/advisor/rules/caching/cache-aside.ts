import type { CachingDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { type CachingInput, otherCaching, stampedeProtection, ttlFor } from './shared.js';

/** Default for read paths that tolerate staleness → cache-aside with a TTL within the freshness bound. */
/** Writes per second above which per-write invalidation defeats a cache. */
export const invalidationWriteRateLimit = 10_000;

export const cacheAside: DecisionRule<CachingInput, CachingDesign> = {
  id: 'caching.cache-aside',
  title: 'Default: cache-aside, TTL inside the freshness bound, stampede protection',
  sources: [literature.xfetch, literature.facebookMemcache, literature.cacheAside],
  decide: ({ context, cache }) => {
    const ttlMs = ttlFor(cache);
    const protection = stampedeProtection({ context, cache });
    const writesPerSecond = cache.writesPerSecond ?? context.entity.volume?.writesPerSecond ?? 0;
    // Invalidating on every write at tens of thousands of writes per second evicts entries faster than they are read.
    const writeHeavy = writesPerSecond >= invalidationWriteRateLimit;
    const invalidation = cache.freshness === 'any' || writeHeavy ? 'ttl-only' : 'on-write-event';
    const bound = cache.freshness === 'any' ? 'no freshness bound' : typeof cache.freshness === 'object' ? `a ${cache.freshness.maxMs} ms freshness bound` : '';
    return {
      choice: { readPath: cache.name, strategy: 'cache-aside', ttlMs, ttlJitter: 0.1, invalidation, stampedeProtection: protection },
      summary: `cache-aside, TTL ${ttlMs} ms (−10% jitter), ${protection.join(' + ')}`,
      why: `${cache.name} tolerates ${bound}: cache-aside serves hits from memory and loads misses from the store; the TTL is 80% of the bound so that cache age plus replication lag stays inside it, and misses on one key are coalesced into one load.${
        writeHeavy
          ? ` At ${writesPerSecond} writes per second, invalidating on every write would evict entries faster than readers hit them (and send as many invalidation messages as writes): entries expire by TTL only, which already keeps them inside the bound. If fresher answers are needed, batch invalidations (one per key per interval) or serve this path from a per-region materialised view fed by the change stream.`
          : ''
      }`,
      tradeOff: 'A write is visible only after its invalidation event or the TTL; the first reader after expiry pays the store latency (early expiration hides it for hot keys).',
      alternatives: otherCaching('cache-aside', { 'write-through': 'writes would pay for cache updates the read path does not need', 'write-behind': 'the data’s writes must not be acknowledged from memory alone' }),
    };
  },
};
