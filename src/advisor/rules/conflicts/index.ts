import type { CheckRule } from '../../rule.js';
import type { ConflictDraft, ReviewInput } from '../review.js';
import { decisionReadsCached } from './decision-reads-cached.js';
import { exclusiveClaimsMerged } from './exclusive-claims-merged.js';
import { freshDataCachedStale } from './fresh-data-cached-stale.js';
import { multiRegionStrongWriteLatency } from './multi-region-strong-write-latency.js';
import { stalenessAnyWithMoney } from './staleness-any-with-money.js';
import { statedReplicationTooWeak } from './stated-replication-too-weak.js';

/**
 * Every contradiction check, in report order.
 *
 * @example
 * ```ts
 * design(spec).conflicts.length > 0; // pacelc design exits 1
 * ```
 */
export const conflictRules: readonly CheckRule<ReviewInput, ConflictDraft>[] = [
  stalenessAnyWithMoney,
  multiRegionStrongWriteLatency,
  exclusiveClaimsMerged,
  freshDataCachedStale,
  decisionReadsCached,
  statedReplicationTooWeak,
];
