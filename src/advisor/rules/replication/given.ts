import type { ModelContext } from '../../context.js';
import type { ReplicationDesign } from '../../design-types.js';
import type { ReplicationChoice } from '../../engines/types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';

/**
 * The spec states the replication in place: keep it, so that the warnings can say what it does
 * not deliver (a design review of an existing system).
 */
export const givenReplication: DecisionRule<ModelContext, ReplicationDesign> = {
  id: 'replication.given',
  title: 'Replication stated in the spec is reviewed, not replaced',
  sources: [ddiaChapter(5, 'Replication')],
  decide: (context) => {
    const given = context.entity.replication;
    if (given === undefined) return undefined;
    let choice: ReplicationChoice;
    let readsFrom: ReplicationDesign['readsFrom'];
    let summary: string;
    switch (given.kind) {
      case 'leader-follower':
        choice = { kind: 'leader-follower', mode: given.mode, replicas: given.replicas ?? 3, synchronousAcks: given.mode === 'asynchronous' || (given.replicas ?? 3) < 2 ? 0 : 1, consensusFailover: false };
        readsFrom = given.readsFrom ?? (given.mode === 'asynchronous' ? 'followers' : 'leader');
        summary = `leader-follower, ${given.mode}, ${choice.replicas} replicas, reads from ${readsFrom} (as stated in the spec)`;
        break;
      case 'multi-leader':
        // "none" in practice means whichever write is applied last wins, silently.
        choice = { kind: 'multi-leader', conflictResolution: given.conflictResolution === 'none' ? 'last-writer-wins' : given.conflictResolution };
        readsFrom = 'local-leader';
        summary = `multi-leader, conflicts: ${given.conflictResolution} (as stated in the spec)`;
        break;
      case 'leaderless':
        choice = { kind: 'leaderless', n: given.n, w: given.w, r: given.r, readRepair: true, writeBackOnRead: false, sloppyQuorum: given.sloppyQuorum ?? false };
        readsFrom = 'quorum';
        summary = `leaderless N=${given.n} W=${given.w} R=${given.r}${given.sloppyQuorum === true ? ', sloppy quorum' : ''} (as stated in the spec)`;
        break;
    }
    const regions = context.regions;
    return {
      choice: { choice, readsFrom, regions, ...(choice.kind === 'leader-follower' ? { leaderRegion: context.primaryRegion } : {}), crossRegionSynchronous: false },
      summary,
      why: `The spec states how ${context.entity.name} is replicated today; the advisor reviews that setup against the ${context.consistency} requirement instead of replacing it (see the warnings for what it does not deliver).`,
      tradeOff: 'Reviewing keeps the migration cost at zero, but the design is only as strong as the stated setup.',
      alternatives: [{ choice: 'let the advisor choose', whyRejected: 'remove `replication` from the entity to get the recommended replication' }],
    };
  },
};
