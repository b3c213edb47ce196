import type { EntityContext } from '../../context.js';
import type { ConsistencyModel } from '../../engines/types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { otherModels } from './shared.js';

/** Nothing demands more → eventual consistency, strengthened only where a requirement needs it (Vogels 2009; Abadi 2012 on the latency cost of consistency). */
export const eventualConsistencyDefault: DecisionRule<EntityContext, ConsistencyModel> = {
  id: 'consistency.eventual-default',
  title: 'Default to eventual consistency',
  sources: [literature.vogels, literature.abadi, literature.brewer2012],
  decide: ({ entity }) => ({
    choice: 'eventual',
    summary: 'eventual',
    why: `Nothing in ${entity.name}'s requirements (no money, no exclusive claims, no causality, staleness tolerated) needs a stronger model, so replicas may serve reads locally and converge in the background.`,
    tradeOff: 'Reads can be stale and concurrent writes can conflict, so they need a resolution policy; in exchange reads are local and the data stays available under partition (PA/EL).',
    alternatives: otherModels('eventual', {
      linearizable: 'nothing in the requirements needs recency; it would only add latency and unavailability',
      causal: 'the spec does not say causality matters for this data',
    }),
  }),
};
