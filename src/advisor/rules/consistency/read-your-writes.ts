import type { EntityContext } from '../../context.js';
import type { ConsistencyModel } from '../../engines/types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { otherModels } from './shared.js';

/** A user must see their own writes → read-your-writes (a session guarantee). */
export const readYourWritesConsistency: DecisionRule<EntityContext, ConsistencyModel> = {
  id: 'consistency.read-your-writes',
  title: 'Users see their own writes: a session guarantee',
  sources: [literature.terry, literature.vogels],
  decide: ({ entity }) =>
    entity.readYourWrites !== true
      ? undefined
      : {
          choice: 'read-your-writes',
          summary: 'read-your-writes (session guarantee)',
          why: `Users of ${entity.name} must see what they just wrote, and nothing more is required: a session token (the last write's position) lets any replica that has caught up serve the read.`,
          tradeOff: 'Clients carry a token; a read may wait for its replica to catch up or be sent to the leader. Other users may still see older data.',
          alternatives: otherModels('read-your-writes', { eventual: "a user's own update could vanish on the next page load" }),
        },
};
