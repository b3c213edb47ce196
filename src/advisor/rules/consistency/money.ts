import type { EntityContext } from '../../context.js';
import type { ConsistencyModel } from '../../engines/types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import { otherModels } from './shared.js';

/** Money involved → linearizable: a balance read must reflect every acknowledged debit. */
export const moneyConsistency: DecisionRule<EntityContext, ConsistencyModel> = {
  id: 'consistency.money',
  title: 'Money needs linearizability',
  sources: [ddiaChapter(9, 'Consistency and Consensus', 'Linearizability'), literature.herlihyWing],
  decide: ({ entity }) =>
    entity.money !== true
      ? undefined
      : {
          choice: 'linearizable',
          summary: 'linearizable',
          why: `${entity.name} holds money: a read that misses an acknowledged debit lets the same funds be spent twice, so every read must see every completed write.`,
          tradeOff: 'Every write waits for a quorum and reads go to the leader: higher latency, and the minority side of a partition refuses requests (PC).',
          alternatives: otherModels('linearizable', {
            causal: 'two concurrent withdrawals are not causally related, so causal consistency lets both succeed against the same balance',
            eventual: 'stale balances allow double spending; reconciling afterwards means chasing money',
            'bounded-staleness': 'any staleness window is a window for double spending',
          }),
        },
};
