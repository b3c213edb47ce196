import { isStrong, type ModelContext } from '../../context.js';
import type { ReplicationDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import { otherReplication, spreadReplicas } from './shared.js';

/** Multi-region writes where conflicts must be rejected → one leader orders all writes; other regions forward. */
export const singleLeaderForwarded: DecisionRule<ModelContext, ReplicationDesign> = {
  id: 'replication.single-leader-forwarded',
  title: 'Conflicts rejected: one leader orders all writes, other regions forward to it',
  sources: [ddiaChapter(5, 'Replication', 'Leaders and Followers')],
  decide: (context) => {
    if (!context.multiRegionWrites || isStrong(context.consistency) || context.entity.conflicts !== 'reject') return undefined;
    const placement = context.geography.serializationRoundTrip(context.writeRegions);
    const mode = context.durable ? 'semi-synchronous' : 'asynchronous';
    return {
      choice: {
        choice: { kind: 'leader-follower', mode, replicas: spreadReplicas(context), synchronousAcks: context.durable ? 1 : 0, consensusFailover: true },
        readsFrom: 'followers',
        regions: context.regions,
        leaderRegion: placement.placement,
        crossRegionSynchronous: false,
      },
      summary: `leader-follower, ${mode}, leader in ${placement.placement}; other regions forward writes (≥ ${placement.rttMs} ms)`,
      why: `Rejecting conflicting writes needs one place that sees both: a single leader in ${placement.placement} (the placement that minimizes the farthest writer's round trip) orders every write, and followers in every region serve ${context.consistency} reads locally.`,
      tradeOff: `Writes from the farthest region pay about ${placement.rttMs} ms; if the leader's region is cut off, the others cannot write (PC for writes).`,
      alternatives: otherReplication('leader-follower-asynchronous', {
        'multi-leader': 'two leaders accept conflicting writes independently and can only resolve them afterwards, which the spec forbids (conflicts: reject)',
        'leader-follower-asynchronous': 'chosen form when acknowledged writes may be lost; here the mode follows the durability requirement',
      }),
    };
  },
};
