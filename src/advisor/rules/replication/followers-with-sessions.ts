import type { ModelContext } from '../../context.js';
import type { ReplicationDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import { otherReplication, spreadReplicas } from './shared.js';

/**
 * Causal, read-your-writes or bounded-staleness data → one leader, followers serve reads once
 * they have caught up to the reader's session token (or are within the staleness bound).
 */
export const followersWithSessions: DecisionRule<ModelContext, ReplicationDesign> = {
  id: 'replication.followers-with-sessions',
  title: 'Session and causal models: a leader, with followers serving reads that are caught up',
  sources: [ddiaChapter(5, 'Replication', 'Problems with Replication Lag'), literature.terry, literature.cops],
  decide: (context) => {
    if (!['causal', 'read-your-writes', 'bounded-staleness'].includes(context.consistency)) return undefined;
    const mode = context.durable ? 'semi-synchronous' : 'asynchronous';
    const gate = context.consistency === 'bounded-staleness' ? 'whose measured lag is within the bound' : "that have applied the reader's session token (the log position of what it has seen)";
    return {
      choice: {
        choice: { kind: 'leader-follower', mode, replicas: spreadReplicas(context), synchronousAcks: context.durable ? 1 : 0, consensusFailover: true },
        readsFrom: 'followers',
        regions: context.regions,
        leaderRegion: context.primaryRegion,
        crossRegionSynchronous: false,
      },
      summary: `leader-follower, ${mode}, reads from followers ${context.consistency === 'bounded-staleness' ? 'within the lag bound' : 'gated by session tokens'}`,
      why: `Writes go to one leader, so they have one order; reads are served by followers ${gate}, which delivers ${context.consistency} without a round trip to the leader.`,
      tradeOff: 'A lagging follower makes a reader wait or redirect to the leader; a failover may lose the asynchronously replicated tail of writes.',
      alternatives: otherReplication('leader-follower-asynchronous', {
        'leader-follower-asynchronous': 'chosen form; the gate on follower reads is what makes it deliver the model',
        'leader-follower-synchronous': 'synchronous acknowledgement buys recency for all readers, which the model does not require',
      }),
    };
  },
};
