import type { EntityContext } from '../../context.js';
import type { ConsistencyModel } from '../../engines/types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import { otherModels } from './shared.js';

/** Causality matters (chat, comments, edits) → causal consistency. */
export const causalityConsistency: DecisionRule<EntityContext, ConsistencyModel> = {
  id: 'consistency.causality',
  title: 'Causes before effects: causal consistency',
  sources: [ddiaChapter(9, 'Consistency and Consensus', 'Ordering Guarantees: causality'), literature.cops, literature.lamport],
  decide: ({ entity }) =>
    entity.causality !== true
      ? undefined
      : {
          choice: 'causal',
          summary: 'causal (session tokens / vector clocks)',
          why: `In ${entity.name} a reply must never appear before the message it answers: causal consistency orders cause before effect everywhere while leaving unrelated writes free, and it is the strongest model that stays available under partition.`,
          tradeOff: 'Dependencies must be tracked (causal tokens or vector clocks), and a reader may wait until its replica has caught up to what it has already seen.',
          alternatives: otherModels('causal', {
            linearizable: 'orders every pair of writes globally, paying a cross-region round trip for messages that have no causal relation',
            eventual: 'replies can show up before their question and edits can apply out of order',
          }),
        },
};
