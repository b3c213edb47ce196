import type { EntityContext } from '../../context.js';
import type { ConsistencyModel } from '../../engines/types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import { otherModels } from './shared.js';

/** Staleness "none" → linearizable: that is the definition of a read that is never stale. */
export const noStalenessConsistency: DecisionRule<EntityContext, ConsistencyModel> = {
  id: 'consistency.no-staleness',
  title: 'No staleness means linearizable reads',
  sources: [ddiaChapter(9, 'Consistency and Consensus', 'Linearizability'), literature.herlihyWing],
  decide: ({ entity }) =>
    entity.staleness !== 'none'
      ? undefined
      : {
          choice: 'linearizable',
          summary: 'linearizable',
          why: `The spec allows no staleness for ${entity.name}: a read must return the latest completed write, which is linearizability (recency), not only convergence.`,
          tradeOff: 'Reads go to the leader (with a lease) or to a quorum, never to a lagging follower: read latency and availability under partition pay for it.',
          alternatives: otherModels('linearizable', { 'bounded-staleness': 'the spec allows no staleness at all' }),
        },
};
