import type { ModelContext } from '../../context.js';
import type { ReplicationDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import { otherReplication, spreadReplicas } from './shared.js';

/** Everything else (eventual, single-region writes) → leader-follower, asynchronous, follower reads. */
export const asyncDefault: DecisionRule<ModelContext, ReplicationDesign> = {
  id: 'replication.async-default',
  title: 'Default: leader-follower with asynchronous replication and follower reads',
  sources: [ddiaChapter(5, 'Replication', 'Synchronous Versus Asynchronous Replication')],
  decide: (context) => {
    const mode = context.durable ? 'semi-synchronous' : 'asynchronous';
    return {
      choice: {
        choice: { kind: 'leader-follower', mode, replicas: spreadReplicas(context), synchronousAcks: context.durable ? 1 : 0, consensusFailover: true },
        readsFrom: 'followers',
        regions: context.regions,
        leaderRegion: context.primaryRegion,
        crossRegionSynchronous: false,
      },
      summary: `leader-follower, ${mode}, reads from the nearest follower`,
      why: `${context.entity.name} is written in one region and reads tolerate staleness: one leader keeps writes simple and conflict-free while followers in each region serve reads locally.`,
      tradeOff: 'Follower reads are stale by the replication lag; a failover can lose the writes followers had not received (RPO = lag).',
      alternatives: otherReplication('leader-follower-asynchronous', {
        'leader-follower-asynchronous': 'chosen',
        'multi-leader': 'writes come from one region, so there is nothing to gain from conflicts',
      }).filter((alternative) => alternative.whyRejected !== 'chosen'),
    };
  },
};
