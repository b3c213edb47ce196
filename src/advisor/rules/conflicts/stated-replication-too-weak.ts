import { modelStrength } from '../../context.js';
import { deliveredConsistency } from '../../delivered.js';
import type { CheckRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import type { ConflictDraft, ReviewInput } from '../review.js';

/**
 * A replication stated in the spec (kept as it is: `replication.given`) that cannot deliver the
 * model the entity's requirements need: a leader-follower setup read from followers, multi-leader
 * replication, or a leaderless N/W/R whose quorums are sloppy, do not overlap, or do not write
 * back. A hard requirement the design does not meet is a conflict (exit code 1), not a warning.
 */
export const statedReplicationTooWeak: CheckRule<ReviewInput, ConflictDraft> = {
  id: 'conflict.stated-replication-cannot-deliver',
  title: 'Stated replication cannot deliver the required model',
  sources: [ddiaChapter(5, 'Replication', 'Problems with Replication Lag'), ddiaChapter(9, 'Consistency and Consensus'), literature.dynamo, literature.abd, literature.pbs],
  check: ({ entities }) =>
    entities.flatMap((entity) => {
      if (entity.replication.ruleId !== 'replication.given') return [];
      const design = entity.replication.choice;
      const choice = design.choice;
      const required = entity.consistency.choice;
      const { model: delivered, reason } = deliveredConsistency(entity.replication, required);
      const field =
        choice.kind === 'multi-leader'
          ? `replication: { kind: multi-leader, conflictResolution: ${choice.conflictResolution} }`
          : choice.kind === 'leaderless'
            ? `replication: { kind: leaderless, n: ${choice.n}, w: ${choice.w}, r: ${choice.r}${choice.sloppyQuorum ? ', sloppyQuorum: true' : ''} }`
            : `replication: { kind: leader-follower, mode: ${choice.mode}, readsFrom: ${design.readsFrom} }`;
      if (modelStrength[delivered] <= modelStrength[required]) return [];
      return [{
        subject: `entities.${entity.name}`,
        requirements: [`${required} (${entity.consistency.ruleId})`, field],
        explanation: `${entity.name} needs ${required}, but its stated replication (${entity.replication.summary}) delivers only ${delivered}: ${reason}. The design keeps the stated replication, so it does not meet the requirement.`,
        options: [
          'Remove `replication:` from the entity to get a replication that delivers the model.',
          choice.kind === 'leaderless'
            ? 'Change the stated quorums: strict (no hinted handoff), W + R > N, and read repair that writes back before a read returns (ABD) — or a consensus leader for linearizability.'
            : 'Read from the leader with synchronous acknowledgement and consensus failover.',
          `Relax the requirement that needs ${required}, if the data allows it.`,
        ],
      }];
    }),
};
