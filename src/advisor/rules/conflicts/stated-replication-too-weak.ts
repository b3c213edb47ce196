import { modelStrength } from '../../context.js';
import type { ConsistencyModel } from '../../engines/types.js';
import { analyzeQuorum } from '../../quorum.js';
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
      let delivered: ConsistencyModel;
      let reason: string;
      let field: string;
      switch (choice.kind) {
        case 'multi-leader':
          delivered = 'eventual';
          reason = 'concurrent writes in different leaders are accepted independently and reconciled later';
          field = `replication: { kind: multi-leader, conflictResolution: ${choice.conflictResolution} }`;
          break;
        case 'leaderless': {
          const analysis = analyzeQuorum({ n: choice.n, w: choice.w, r: choice.r, sloppy: choice.sloppyQuorum, writeBackOnRead: choice.writeBackOnRead });
          delivered = analysis.deliveredModel;
          reason = choice.sloppyQuorum
            ? 'the quorum is sloppy: with hinted handoff, writes land on fallback nodes and W + R > N no longer makes read and write quorums overlap'
            : !analysis.readWriteOverlap
              ? `W + R = ${choice.w + choice.r} is not greater than N = ${choice.n}, so a read can miss the latest write`
              : 'overlapping quorums give a regular register, not linearizability, unless reads write back (ABD) before returning';
          field = `replication: { kind: leaderless, n: ${choice.n}, w: ${choice.w}, r: ${choice.r}${choice.sloppyQuorum ? ', sloppyQuorum: true' : ''} }`;
          break;
        }
        case 'leader-follower':
          delivered = design.readsFrom === 'leader' && choice.mode !== 'asynchronous' ? 'linearizable' : design.readsFrom === 'leader' ? 'read-your-writes' : 'eventual';
          reason = design.readsFrom === 'followers' ? 'follower reads are stale by the replication lag' : 'an asynchronous leader can lose acknowledged writes on failover, so reads after it may go back in time';
          field = `replication: { kind: leader-follower, mode: ${choice.mode}, readsFrom: ${design.readsFrom} }`;
          break;
      }
      const required = entity.consistency.choice;
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
