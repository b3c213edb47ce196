import type { CachingDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import { type CachingInput, otherCaching } from './shared.js';

/** Freshness "none" → do not cache: a cache is a replica without a consistency protocol. */
export const noCache: DecisionRule<CachingInput, CachingDesign> = {
  id: 'caching.no-cache-when-fresh',
  title: 'A read path that must be fresh is not cached',
  sources: [ddiaChapter(9, 'Consistency and Consensus', 'Linearizability'), literature.cacheAside],
  decide: ({ cache }) =>
    cache.freshness !== 'none'
      ? undefined
      : {
          choice: { readPath: cache.name, strategy: 'none', stampedeProtection: [] },
          summary: 'no cache: read the store',
          why: `${cache.name} must never be stale, and a cache is an extra replica outside the store's consistency protocol; invalidation races would serve stale values.`,
          tradeOff: 'Every read reaches the store: size the store (and its read replicas, if the model allows them) for the full read rate.',
          alternatives: otherCaching('none', { 'write-through': 'a concurrent read-miss can still repopulate the cache with the old value after the write', 'cache-aside': 'stale until invalidated or expired, which the read path forbids' }),
        },
};
