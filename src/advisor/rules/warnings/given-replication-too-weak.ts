import { modelStrength } from '../../context.js';
import type { ConsistencyModel } from '../../engines/types.js';
import type { CheckRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/** A leader-follower or multi-leader setup stated in the spec that cannot deliver the required model. */
export const givenReplicationTooWeak: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.replication-weaker-than-required',
  title: 'Stated replication weaker than the required model',
  sources: [ddiaChapter(5, 'Replication', 'Problems with Replication Lag'), ddiaChapter(9, 'Consistency and Consensus')],
  check: ({ entities }) =>
    entities.flatMap((entity) => {
      if (entity.replication.ruleId !== 'replication.given') return [];
      const design = entity.replication.choice;
      const choice = design.choice;
      let delivered: ConsistencyModel;
      if (choice.kind === 'multi-leader') delivered = 'eventual';
      else if (choice.kind === 'leaderless') return []; // the quorum rule covers it
      else delivered = design.readsFrom === 'leader' && choice.mode !== 'asynchronous' ? 'linearizable' : design.readsFrom === 'leader' ? 'read-your-writes' : 'eventual';
      const required = entity.consistency.choice;
      if (modelStrength[delivered] <= modelStrength[required]) return [];
      return [{
        subject: `entities.${entity.name}`,
        message: `${entity.name} needs ${required}, but its stated replication (${entity.replication.summary}) delivers ${delivered}${design.readsFrom === 'followers' ? ': follower reads are stale by the replication lag' : ''}.`,
        fix: 'Remove `replication:` from the entity to see the recommended setup, or read from the leader with synchronous acknowledgement.',
      }];
    }),
};
