import { isStrong, type ModelContext } from '../../context.js';
import type { ReplicationDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import { otherReplication } from './shared.js';

/**
 * Linearizable (or sequential) data → one leader per item with synchronous majority
 * acknowledgement and consensus failover (Raft/Paxos with fencing): the only replication that
 * gives linearizability and survives a leader crash without losing acknowledged writes.
 */
export const strongSingleLeader: DecisionRule<ModelContext, ReplicationDesign> = {
  id: 'replication.strong-single-leader',
  title: 'Strong models need a single leader with synchronous majority acknowledgement and consensus failover',
  sources: [ddiaChapter(9, 'Consistency and Consensus', 'Implementing Linearizable Systems; Fault-Tolerant Consensus'), literature.raft, literature.fencing],
  decide: (context) => {
    if (!isStrong(context.consistency)) return undefined;
    const { entity, geography, regions } = context;
    const availability = context.spec.system.availability ?? 99.9;
    const leaderRegion = context.multiRegionWrites ? geography.serializationRoundTrip(context.writeRegions).placement : context.primaryRegion;
    const nearest = geography.nearest(leaderRegion, regions);
    const writeSlo = entity.latency?.writeP99Ms;
    // A synchronous acknowledgement from another region costs at least one round trip to the nearest one.
    const crossRegionSynchronous = nearest !== undefined && context.durable && (writeSlo === undefined || writeSlo >= nearest.rttMs + 5);
    const replicas = availability >= 99.99 || regions.length >= 3 ? 5 : 3;
    const synchronousAcks = Math.floor(replicas / 2);
    const where = crossRegionSynchronous
      ? regions.length >= 3
        ? `${replicas} replicas over ${regions.length} regions, no region holding a majority: every acknowledged write survives losing a region (leader in ${leaderRegion}, nearest quorum peer ${nearest?.name} at ${nearest?.rttMs} ms)`
        : `${replicas} replicas: leader and a follower in ${leaderRegion}, the synchronous follower in ${nearest?.name} (${nearest?.rttMs} ms away), so losing ${leaderRegion} loses no acknowledged write; with two regions no majority survives a region loss, so promotion there is manual (add a witness in a third region to automate it)`
      : `${replicas} replicas across the availability zones of ${leaderRegion}${regions.length > 1 ? ', asynchronous replicas in the other regions for reads and disaster recovery' : ''}`;
    const remoteAckNote =
      crossRegionSynchronous && regions.length < 3 && nearest !== undefined
        ? ` The acknowledgement must come from the follower in ${nearest.name}, not from the local one: configure the engine to wait for that replica by name (e.g. PostgreSQL synchronous_standby_names = 'FIRST 1 (standby_${nearest.name.replace(/[^A-Za-z0-9]/g, '_')})').`
        : '';
    const sloNote = nearest !== undefined && context.durable && !crossRegionSynchronous && writeSlo !== undefined
      ? ` The ${writeSlo} ms write objective is below the ${nearest.rttMs} ms round trip to ${nearest.name}, so the synchronous majority stays in one region and losing the whole region loses the last writes.`
      : '';
    return {
      choice: {
        choice: { kind: 'leader-follower', mode: 'synchronous', replicas, synchronousAcks, consensusFailover: true },
        readsFrom: 'leader',
        regions,
        leaderRegion,
        crossRegionSynchronous,
      },
      summary: `leader-follower, synchronous majority (${synchronousAcks} of ${replicas - 1} followers), consensus failover; ${where}`,
      why: `${context.consistency === 'linearizable' ? 'Linearizability' : 'A single global order'} needs one place that orders every write of an item, and a write acknowledged by a majority survives any minority of crashes; consensus (Raft/Paxos) elects the next leader with fencing, so two leaders never accept writes.${remoteAckNote}${sloNote}`,
      tradeOff: `Every write waits for the ${synchronousAcks === 1 ? 'fastest follower' : `${synchronousAcks} fastest followers`}; reads go to the leader (with a lease);${context.multiRegionWrites ? ` writes from other regions are forwarded to ${leaderRegion} and pay the round trip;` : ''} the minority side of a partition refuses requests.`,
      alternatives: otherReplication('leader-follower-synchronous', {
        'leader-follower-asynchronous': 'loses acknowledged writes on failover, and a failover without consensus risks split brain',
      }),
    };
  },
};
