import type { CheckRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import type { CacheSpec, EntitySpec } from '../../spec/schema.js';
import type { ConflictDraft, ReviewInput } from '../review.js';

/** The cached read paths of money or no-double-booking entities that may serve stale answers. */
export function cachedProtectedReads(spec: ReviewInput['spec']): { cache: CacheSpec; entity: EntitySpec; what: string }[] {
  return (spec.caches ?? []).flatMap((cache) => {
    const entity = spec.entities.find((candidate) => candidate.name === cache.entity);
    if (entity === undefined || cache.freshness === 'none') return [];
    if (entity.money !== true && entity.noDoubleBooking !== true) return [];
    return [{ cache, entity, what: entity.money === true ? 'money: true' : 'noDoubleBooking: true' }];
  });
}

/** What staleness a cached read path allows, in words. */
export function allowedStaleness(cache: CacheSpec): string {
  return cache.freshness === 'any' ? 'any staleness' : `up to ${cache.freshness === 'none' ? 0 : cache.freshness.maxMs} ms of staleness`;
}

/** The ways out, for the conflict and the warning. */
export const decisionCacheFixes = (cache: CacheSpec): string[] => [
  `No cache for decisions: read the balance or claim from the store (linearizable) when deciding, and keep ${cache.name} for display with reads: display.`,
  `Write-through with fenced invalidation: every write bumps a version in the store and updates or deletes the entry with that version, and the decision re-checks the version in the store with a conditional write (compare-and-set), so a stale entry can only cause a retry, never a double spend.`,
  `If ${cache.name} is only shown to people (statements, seat maps), say so: reads: display.`,
];

/**
 * A decision read (a balance checked before a debit, a seat checked before a claim) served from a
 * cache that may be stale: the decision is made on an old value, which is how money is spent twice
 * and seats are sold twice. Display reads may be cached.
 */
export const decisionReadsCached: CheckRule<ReviewInput, ConflictDraft> = {
  id: 'conflict.decision-reads-cached',
  title: 'Decision reads on money or exclusive claims served from a stale cache',
  sources: [ddiaChapter(7, 'Transactions', 'Write Skew and Phantoms'), literature.fencing, literature.facebookMemcache],
  check: ({ spec }) =>
    cachedProtectedReads(spec)
      .filter(({ cache }) => cache.reads === 'decision')
      .map(({ cache, entity, what }) => ({
        subject: `caches.${cache.name}`,
        requirements: [`entities.${entity.name}.${what}`, `caches.${cache.name}.reads: decision`, `caches.${cache.name}.freshness allows ${allowedStaleness(cache)}`],
        explanation: `${cache.name} serves decision reads of ${entity.name} (${what}) from a cache that allows ${allowedStaleness(cache)}: a debit or claim decided on a cached value can act on a balance or seat that has already changed, spending the same money or selling the same seat twice.`,
        options: decisionCacheFixes(cache),
      })),
};
