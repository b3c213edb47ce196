import type { EntityContext } from '../../context.js';
import type { ConsistencyModel } from '../../engines/types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import { otherModels } from './shared.js';

/** Double booking / oversell unacceptable → linearizable: a claim must see every earlier claim. */
export const noDoubleBookingConsistency: DecisionRule<EntityContext, ConsistencyModel> = {
  id: 'consistency.no-double-booking',
  title: 'Exclusive claims need linearizability',
  sources: [ddiaChapter(9, 'Consistency and Consensus', 'Relying on Linearizability: locking, uniqueness constraints')],
  decide: ({ entity }) =>
    entity.noDoubleBooking !== true
      ? undefined
      : {
          choice: 'linearizable',
          summary: 'linearizable (compare-and-set on each claim)',
          why: `Two buyers must never both get the last unit of ${entity.name}: a claim has to be a compare-and-set against the latest state, which only a linearizable register provides.`,
          tradeOff: 'Claims serialize through one leader (or consensus group): contended items queue, and a partition makes the minority side refuse claims.',
          alternatives: otherModels('linearizable', {
            eventual: 'two replicas can both accept a claim on the last seat and one customer must be told afterwards',
            causal: 'concurrent claims are not causally ordered, so both can succeed',
            'bounded-staleness': 'a claim checked against stale state oversells within the bound',
          }),
        },
};
