import type { ModelContext } from '../../context.js';
import type { ReplicationDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { otherReplication } from './shared.js';

/**
 * Eventually consistent data that must always accept writes (high availability target, or
 * write-heavy) → leaderless Dynamo-style N=3, W=2, R=1 with a sloppy quorum, read repair and
 * anti-entropy.
 */
export const leaderlessAvailability: DecisionRule<ModelContext, ReplicationDesign> = {
  id: 'replication.leaderless-availability',
  title: 'Always-writable eventual data: leaderless quorums (Dynamo)',
  sources: [literature.dynamo, literature.pbs],
  decide: (context) => {
    const { entity } = context;
    if (context.consistency !== 'eventual' || context.durable || context.multiRegionWrites) return undefined;
    const availability = context.spec.system.availability ?? 0;
    const writeHeavy = (entity.readWriteRatio !== undefined && entity.readWriteRatio <= 1) || (entity.volume?.writesPerSecond ?? 0) >= 10_000;
    if (availability < 99.99 && !writeHeavy) return undefined;
    // A counter cannot be a last-writer-wins register: two concurrent increments would write the same count and one would be lost.
    const counter = entity.merge === 'counter';
    return {
      choice: {
        choice: { kind: 'leaderless', n: 3, w: 2, r: 1, readRepair: true, writeBackOnRead: false, sloppyQuorum: true, ...(counter ? { conflictResolution: 'crdt' as const } : {}) },
        readsFrom: 'quorum',
        regions: [context.primaryRegion],
        crossRegionSynchronous: false,
      },
      summary: `leaderless N=3, W=2, R=1, sloppy quorum with hinted handoff, read repair and anti-entropy${counter ? '; each key a PN-counter CRDT merged slot by slot' : ''}`,
      why: `${entity.name} needs ${writeHeavy ? 'a high write rate' : `${availability}% availability`} and tolerates staleness: with no leader there is no failover, any two of three replicas take a write (a survivor keeps it durable), and one replica answers a read.${counter ? ' It is a counter (merge: counter): each coordinator increments its own slot of a PN-counter and replicas merge slot by slot (Riak’s and Cassandra’s counters), so concurrent increments add up instead of overwriting each other.' : ''}`,
      tradeOff: 'W + R = 3 is not > N = 3, so a read can miss the latest write until read repair or anti-entropy converges it; the sloppy quorum keeps writes available but gives up overlap.',
      alternatives: otherReplication('leaderless', {
        'leader-follower-asynchronous': 'a leader crash stops writes until failover, and the spec asks for more availability than a failover allows',
      }),
    };
  },
};
