import type { EntityContext } from '../../context.js';
import type { ConsistencyModel } from '../../engines/types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { otherModels } from './shared.js';

/** A staleness bound (ms or versions) → bounded staleness. */
export const boundedStalenessConsistency: DecisionRule<EntityContext, ConsistencyModel> = {
  id: 'consistency.bounded-staleness',
  title: 'A staleness bound: bounded staleness',
  sources: [literature.pbs],
  decide: ({ entity }) => {
    const staleness = entity.staleness;
    if (staleness === undefined || typeof staleness === 'string') return undefined;
    const bound = 'maxMs' in staleness ? `${staleness.maxMs} ms` : `${staleness.maxVersions} versions`;
    return {
      choice: 'bounded-staleness',
      summary: `bounded staleness (≤ ${bound})`,
      why: `Reads of ${entity.name} may lag by at most ${bound}: followers can serve them as long as their replication lag stays under the bound, which keeps reads local and cheap.`,
      tradeOff: 'Lag must be measured and a follower past the bound must stop serving (or redirect to the leader); a write burst can push reads back to the leader.',
      alternatives: otherModels('bounded-staleness', {
        eventual: 'gives no bound at all, and the spec states one',
        linearizable: 'the spec tolerates staleness, so paying for recency on every read buys nothing',
      }),
    };
  },
};
