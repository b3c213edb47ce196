import type { CheckRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/** A cache in place today that does not coalesce misses. */
export const cacheWithoutStampedeProtection: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.cache-without-stampede-protection',
  title: 'Cache without stampede protection',
  sources: [literature.xfetch, literature.facebookMemcache],
  check: ({ spec }) =>
    (spec.caches ?? [])
      .filter((cache) => cache.stampedeProtection === false && cache.freshness !== 'none')
      .map((cache) => ({
        subject: `caches.${cache.name}`,
        message: `${cache.name} has no stampede protection${cache.readsPerSecond === undefined ? '' : ` at ${cache.readsPerSecond} reads/s`}: when a hot key expires, every concurrent reader misses and queries ${cache.entity}'s store at once.`,
        fix: 'Coalesce misses per key (single flight or a lease), add TTL jitter, and refresh hot keys early with probability rising as expiry nears (XFetch).',
      })),
};
