import type { ConsistencyModel } from './engines/types.js';
import type { Decision, ReplicationDesign } from './design-types.js';
import { analyzeQuorum } from './quorum.js';

/** What a replication delivers, and why, when it is weaker than asked. */
export interface Delivered {
  readonly model: ConsistencyModel;
  /** Why it delivers no more than `model` (for a stated replication). */
  readonly reason: string;
}

/**
 * The consistency model a replication decision actually delivers. A replication the advisor
 * chose is built to deliver the required model; a replication stated in the spec
 * (`replication.given`) delivers what its shape allows, which may be weaker.
 *
 * @example
 * ```ts
 * deliveredConsistency(entity.replication, 'linearizable').model; // 'read-your-writes' for a stated N=5 W=3 R=3
 * ```
 */
export function deliveredConsistency(replication: Decision<ReplicationDesign>, required: ConsistencyModel): Delivered {
  if (replication.ruleId !== 'replication.given') return { model: required, reason: 'the advisor chose the replication to deliver it' };
  const design = replication.choice;
  const choice = design.choice;
  switch (choice.kind) {
    case 'multi-leader':
      return { model: 'eventual', reason: 'concurrent writes in different leaders are accepted independently and reconciled later' };
    case 'leaderless': {
      const analysis = analyzeQuorum({ n: choice.n, w: choice.w, r: choice.r, sloppy: choice.sloppyQuorum, writeBackOnRead: choice.writeBackOnRead });
      const reason = choice.sloppyQuorum
        ? 'the quorum is sloppy: with hinted handoff, writes land on fallback nodes and W + R > N no longer makes read and write quorums overlap'
        : !analysis.readWriteOverlap
          ? `W + R = ${choice.w + choice.r} is not greater than N = ${choice.n}, so a read can miss the latest write`
          : 'overlapping quorums give a regular register, not linearizability, unless reads write back (ABD) before returning';
      return { model: analysis.deliveredModel, reason };
    }
    case 'leader-follower': {
      const model: ConsistencyModel = design.readsFrom === 'leader' && choice.mode !== 'asynchronous' ? 'linearizable' : design.readsFrom === 'leader' ? 'read-your-writes' : 'eventual';
      const reason = design.readsFrom === 'followers' ? 'follower reads are stale by the replication lag' : 'an asynchronous leader can lose acknowledged writes on failover, so reads after it may go back in time';
      return { model, reason };
    }
  }
}
