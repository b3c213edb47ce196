import type { CachingDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { literature, seed } from '../../sources.js';
import { type CachingInput, otherCaching, stampedeProtection, ttlFor } from './shared.js';

/** Default for read paths that tolerate staleness → cache-aside with a TTL within the freshness bound. */
export const cacheAside: DecisionRule<CachingInput, CachingDesign> = {
  id: 'caching.cache-aside',
  title: 'Default: cache-aside, TTL inside the freshness bound, stampede protection',
  sources: [seed('Caching Strategies — Cache-Aside; Anti-Patterns — Cache Stampede'), literature.xfetch, literature.facebookMemcache],
  decide: ({ context, cache }) => {
    const ttlMs = ttlFor(cache);
    const protection = stampedeProtection({ context, cache });
    const bound = cache.freshness === 'any' ? 'no freshness bound' : typeof cache.freshness === 'object' ? `a ${cache.freshness.maxMs} ms freshness bound` : '';
    return {
      choice: { readPath: cache.name, strategy: 'cache-aside', ttlMs, ttlJitter: 0.1, invalidation: cache.freshness === 'any' ? 'ttl-only' : 'on-write-event', stampedeProtection: protection },
      summary: `cache-aside, TTL ${ttlMs} ms (−10% jitter), ${protection.join(' + ')}`,
      why: `${cache.name} tolerates ${bound}: cache-aside serves hits from memory and loads misses from the store; the TTL is 80% of the bound so that cache age plus replication lag stays inside it, and misses on one key are coalesced into one load.`,
      tradeOff: 'A write is visible only after its invalidation event or the TTL; the first reader after expiry pays the store latency (early expiration hides it for hot keys).',
      alternatives: otherCaching('cache-aside', { 'write-through': 'writes would pay for cache updates the read path does not need', 'write-behind': 'the data’s writes must not be acknowledged from memory alone' }),
    };
  },
};
