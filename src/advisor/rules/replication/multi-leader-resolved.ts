import type { ModelContext } from '../../context.js';
import { isStrong } from '../../context.js';
import type { ReplicationDesign } from '../../design-types.js';
import type { ConflictResolution } from '../../engines/types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import { otherReplication } from './shared.js';

const resolutionFor = {
  merge: 'crdt',
  'last-writer-wins': 'last-writer-wins',
  custom: 'application-merge',
} as const satisfies Record<string, ConflictResolution>;

/** The CRDT each merge kind calls for (Shapiro et al. 2011), and what it does with concurrent writes. */
const crdtFor: Readonly<Record<'counter' | 'max' | 'set', string>> = {
  counter: 'merged by a PN-counter CRDT (one increment and one decrement count per region, summed on read): concurrent increments add up and none is lost, which a last-writer-wins register would not do',
  max: 'merged by a max-register CRDT (the larger value wins, per item): concurrent writes converge to the largest without a clock',
  set: 'merged by an observed-remove set CRDT (adds tagged uniquely, removes delete only the tags they saw): a concurrent add and remove keep the add',
};

/** What keeps a session model true when every region has its own leader. */
const session: Partial<Record<string, string>> = {
  'read-your-writes': ' A user’s session is routed to one region (sticky by user), so they always read the leader that took their writes.',
  causal: ' Updates carry version vectors and a region applies one only after its dependencies (causal delivery), so effects never appear before causes.',
  'bounded-staleness': ' Cross-region lag is measured; a region whose lag passes the bound redirects reads to the writer’s region.',
};

/** Multi-region writes with a conflict policy other than "reject" → multi-leader with that resolution. */
export const multiLeaderResolved: DecisionRule<ModelContext, ReplicationDesign> = {
  id: 'replication.multi-leader',
  title: 'Multi-region writes that may conflict: a leader per region with a named conflict resolution',
  sources: [ddiaChapter(5, 'Replication', 'Multi-Leader Replication: Handling Write Conflicts'), literature.crdt],
  decide: (context) => {
    const merge = context.entity.merge;
    // A merge kind names the resolution: counter, max and set merge as CRDTs, a register keeps one value.
    const conflicts = context.entity.conflicts ?? (merge === undefined ? undefined : merge === 'register' ? 'last-writer-wins' : 'merge');
    if (!context.multiRegionWrites || isStrong(context.consistency) || conflicts === undefined || conflicts === 'reject') return undefined;
    const conflictResolution = resolutionFor[conflicts];
    const crdt = merge === undefined || merge === 'register' ? undefined : crdtFor[merge];
    const how = {
      crdt: crdt ?? 'merged by a CRDT (e.g. an observed-remove set for cart lines, counters for quantities), so every replica converges to the same value without losing either write',
      'last-writer-wins': 'resolved by last-writer-wins on a hybrid logical clock timestamp: one of two concurrent writes is silently dropped',
      'application-merge': 'handed to the application’s merge function with both versions (siblings), after detecting concurrency with version vectors',
    }[conflictResolution];
    return {
      choice: { choice: { kind: 'multi-leader', conflictResolution }, readsFrom: 'local-leader', regions: context.regions, crossRegionSynchronous: false },
      summary: `multi-leader (a leader per region), conflicts: ${conflictResolution}`,
      why: `${context.entity.name} is written in ${context.writeRegions.length} regions and the spec accepts conflicts (“${merge === undefined ? conflicts : `merge: ${merge}`}”): each region writes locally and replicates asynchronously; concurrent writes are ${how}.${session[context.consistency] ?? ''}`,
      tradeOff: 'Local write latency and availability under partition (PA/EL), paid for with conflicts: the resolution must be right for the data, and a region lost before replicating loses its latest writes.',
      alternatives: otherReplication('multi-leader', {
        'leader-follower-synchronous': `every write from a remote region would pay a round trip to the leader's region, and the spec's ${context.consistency} model does not need it`,
        leaderless: 'leaderless quorums across regions pay a cross-region round trip per quorum; per-region leaders keep writes local',
      }),
    };
  },
};
