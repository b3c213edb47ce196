import type { ModelContext } from '../../context.js';
import type { PacelcClass, ReplicationDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';

/** What the PACELC and failover rules see: the entity and the replication chosen for it. */
export interface ReplicatedInput {
  readonly context: ModelContext;
  readonly replication: ReplicationDesign;
}

/**
 * The PACELC class derived from the settings, operation by operation:
 * - P: PA if some operation is served without reaching the leader or an overlapping strict quorum
 *   (follower reads, local leaders, sloppy quorums); PC otherwise.
 * - E: EC if reads reach the leader or an overlapping quorum and writes wait for a synchronous
 *   acknowledgement; EL otherwise.
 *
 * @example
 * ```ts
 * derivePacelc({ choice: { kind: 'leaderless', n: 3, w: 2, r: 2, sloppyQuorum: false, ... }, readsFrom: 'quorum', ... });
 * // { partition: 'PC', normal: 'EC', label: 'PC/EC' }
 * ```
 */
export function derivePacelc(replication: ReplicationDesign): PacelcClass & { reasons: { partition: string; normal: string } } {
  const choice = replication.choice;
  let partition: PacelcClass['partition'];
  let normal: PacelcClass['normal'];
  let partitionReason: string;
  let normalReason: string;
  switch (choice.kind) {
    case 'leader-follower': {
      const followerReads = replication.readsFrom === 'followers' || replication.readsFrom === 'any-replica';
      partition = followerReads ? 'PA' : 'PC';
      partitionReason = followerReads
        ? 'followers cut off from the leader keep serving (stale) reads, though writes stop'
        : 'only the leader serves, so the side of a partition without it refuses requests';
      const synchronous = choice.synchronousAcks > 0;
      normal = !followerReads && synchronous ? 'EC' : 'EL';
      normalReason = followerReads
        ? 'reads are answered by a nearby follower without waiting for the leader'
        : synchronous
          ? `reads go to the leader and writes wait for ${choice.synchronousAcks} synchronous acknowledgement${choice.synchronousAcks === 1 ? '' : 's'}`
          : 'writes are acknowledged before any follower has them';
      break;
    }
    case 'multi-leader':
      partition = 'PA';
      partitionReason = 'every region keeps accepting reads and writes, and conflicts are resolved afterwards';
      normal = 'EL';
      normalReason = 'writes are acknowledged locally and replicated asynchronously';
      break;
    case 'leaderless': {
      const overlap = choice.w + choice.r > choice.n;
      partition = overlap && !choice.sloppyQuorum ? 'PC' : 'PA';
      partitionReason = choice.sloppyQuorum
        ? 'a sloppy quorum accepts writes on fallback nodes, so it stays available but quorums stop overlapping'
        : overlap
          ? `a side with fewer than W=${choice.w} (writes) or R=${choice.r} (reads) of the N=${choice.n} home replicas refuses the operation`
          : `W + R ≤ N: operations succeed on any ${Math.max(choice.w, choice.r)} replicas without overlapping`;
      normal = overlap ? 'EC' : 'EL';
      normalReason = overlap
        ? `W + R = ${choice.w + choice.r} > N = ${choice.n}: every read waits for a replica that has the latest write`
        : `W + R = ${choice.w + choice.r} ≤ N = ${choice.n}: reads return after ${choice.r} repl${choice.r === 1 ? 'ica' : 'icas'} without waiting for overlap`;
      break;
    }
  }
  return { partition, normal, label: `${partition}/${normal}`, reasons: { partition: partitionReason, normal: normalReason } };
}

/** The PACELC class of an entity's design, derived from its replication (never by product name). */
export const pacelcFromSettings: DecisionRule<ReplicatedInput, PacelcClass> = {
  id: 'pacelc.derived',
  title: 'PACELC is derived from the chosen replication and read path',
  sources: [literature.abadi, literature.gilbertLynch, literature.brewer2000],
  decide: ({ replication }) => {
    const derived = derivePacelc(replication);
    const label = derived.label;
    return {
      choice: { partition: derived.partition, normal: derived.normal, label },
      summary: label,
      why: `${derived.partition}: ${derived.reasons.partition}. ${derived.normal}: ${derived.reasons.normal}.`,
      tradeOff:
        derived.partition === 'PC'
          ? 'Consistency is kept by refusing requests on the wrong side of a partition and by paying coordination latency in normal operation.'
          : 'Availability and latency are kept by letting replicas diverge: readers can see stale data and concurrent writes must converge.',
      alternatives: [],
    };
  },
};
