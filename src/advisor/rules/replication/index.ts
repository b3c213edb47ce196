import type { ModelContext } from '../../context.js';
import type { ReplicationDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { asyncDefault } from './async-default.js';
import { followersWithSessions } from './followers-with-sessions.js';
import { givenReplication } from './given.js';
import { leaderlessAvailability } from './leaderless-availability.js';
import { multiLeaderResolved } from './multi-leader-resolved.js';
import { multiLeaderUnresolved } from './multi-leader-unresolved.js';
import { singleLeaderForwarded } from './single-leader-forwarded.js';
import { strongSingleLeader } from './strong-single-leader.js';

/**
 * The replication decision tree, in order.
 *
 * @example
 * ```ts
 * decideFirst(replicationRules, { ...context, consistency: 'linearizable' }).ruleId; // 'replication.strong-single-leader'
 * ```
 */
export const replicationRules: readonly DecisionRule<ModelContext, ReplicationDesign>[] = [
  givenReplication,
  strongSingleLeader,
  multiLeaderResolved,
  multiLeaderUnresolved,
  singleLeaderForwarded,
  leaderlessAvailability,
  followersWithSessions,
  asyncDefault,
];
