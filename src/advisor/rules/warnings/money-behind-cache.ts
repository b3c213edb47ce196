import type { CheckRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import { allowedStaleness, cachedProtectedReads, decisionCacheFixes } from '../conflicts/decision-reads-cached.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/**
 * Money or exclusive claims behind a cache whose reads the spec does not qualify: a warning that
 * asks which reads it serves (a decision read there is the conflict `conflict.decision-reads-cached`).
 */
export const protectedReadsCachedUnstated: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.money-or-claims-behind-cache',
  title: 'Money or exclusive claims behind a cache whose reads are not stated',
  sources: [ddiaChapter(7, 'Transactions', 'Write Skew and Phantoms'), literature.fencing],
  check: ({ spec }) =>
    cachedProtectedReads(spec)
      .filter(({ cache }) => cache.reads === undefined)
      .map(({ cache, entity, what }) => ({
        subject: `caches.${cache.name}`,
        message: `${entity.name} has ${what}, and ${cache.name} caches it with ${allowedStaleness(cache)}. If any decision (a balance before a debit, a seat before a claim) reads from this cache, it can spend money or sell a seat twice.`,
        fix: `Say which reads ${cache.name} serves. reads: display (shown only) keeps the cache. Decisions must not read it: ${decisionCacheFixes(cache).slice(0, 2).map(lowerFirst).join(' Or ')}`,
      })),
};

function lowerFirst(text: string, index: number): string {
  return index === 0 ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
