import { hotKeySide } from '../partitioning/shared.js';
import { isStrong } from '../../context.js';
import type { CheckRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/**
 * A hot key on strongly consistent data: every write to it is ordered by one leader, so its
 * throughput is one key's serial commit rate (and contended compare-and-sets retry), whatever the
 * partitioning.
 */
export const hotKeyContention: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.hot-key-contention',
  title: 'Hot keys on strongly consistent data',
  sources: [ddiaChapter(6, 'Partitioning', 'Skewed Workloads and Relieving Hot Spots'), ddiaChapter(7, 'Transactions', 'Preventing Lost Updates: compare-and-set')],
  check: ({ contexts, entities }) =>
    contexts.flatMap((context, index) => {
      const made = entities[index];
      if (made === undefined || context.entity.hotKeys !== 'high' || !isStrong(made.consistency.choice)) return [];
      const side = hotKeySide(context);
      // A read-hot key (rare writes) has no write contention: its advice is on the read side (partitioning's hot-key note).
      if (side === 'read') return [];
      if (side === 'ranking') {
        return [{
          subject: `entities.${context.entity.name}`,
          message: `${context.entity.name} is a ranking (top-k) with hot keys and is ${made.consistency.choice}: keeping one global ranking consistent orders every score update through one place, and splitting a key does not help a ranking.`,
          fix: 'Keep scores strongly consistent per partition if they must be, but compute the ranking as a per-partition top-K merged periodically into a global top-K served from a cache (its staleness is the merge period).',
        }];
      }
      return [{
        subject: `entities.${context.entity.name}`,
        message: `${context.entity.name} has hot keys and is ${made.consistency.choice}: every write to a hot ${context.entity.key} is ordered by one leader, one at a time, and concurrent compare-and-sets on it conflict and retry; partitioning cannot spread a single key.`,
        fix: `Split the hot item's quantity into N independently locked buckets (escrow: a claim takes one unit from any bucket with stock), queue claims per hot ${context.entity.key} and answer asynchronously, or admit a bounded number of buyers before they reach the store.`,
      }];
    }),
};
