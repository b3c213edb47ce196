import type { CheckRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { ConflictDraft, ReviewInput } from '../review.js';

/** An entity that allows no staleness, with a read path that allows a stale cache. */
export const freshDataCachedStale: CheckRule<ReviewInput, ConflictDraft> = {
  id: 'conflict.no-staleness-but-cached',
  title: 'No staleness, yet a stale cache on the same data',
  sources: [literature.facebookMemcache, literature.cacheAside],
  check: ({ spec }) =>
    (spec.caches ?? []).flatMap((cache) => {
      const entity = spec.entities.find((candidate) => candidate.name === cache.entity);
      if (entity?.staleness !== 'none' || cache.freshness === 'none' || cache.reads === 'display') return [];
      const allowed = cache.freshness === 'any' ? 'any staleness' : `${cache.freshness.maxMs} ms of staleness`;
      return [{
        subject: `caches.${cache.name}`,
        requirements: [`entities.${entity.name}.staleness: none`, `caches.${cache.name}.freshness: ${cache.freshness === 'any' ? 'any' : `{ maxMs: ${cache.freshness.maxMs} }`}`],
        explanation: `${entity.name} allows no stale reads, but the read path ${cache.name} allows ${allowed}. Both cannot hold for the same reads: either this read path is a display that may lag (then the entity's rule is for other reads), or it must not be cached.`,
        options: [
          `Say which reads must be fresh: keep staleness: none for decisions, and cache ${cache.name} only for display.`,
          `Set ${cache.name}'s freshness to none (no cache).`,
        ],
      }];
    }),
};
