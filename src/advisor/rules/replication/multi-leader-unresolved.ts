import { isStrong, type ModelContext } from '../../context.js';
import type { ReplicationDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import { otherReplication } from './shared.js';

/**
 * Multi-region writes with no conflict policy → multi-leader that keeps every concurrent version
 * (version vectors with siblings), never silently dropping one; a warning asks for a policy.
 */
export const multiLeaderUnresolved: DecisionRule<ModelContext, ReplicationDesign> = {
  id: 'replication.multi-leader-siblings',
  title: 'Multi-region writes without a conflict policy: keep siblings, never drop a write silently',
  sources: [ddiaChapter(5, 'Replication', 'Detecting Concurrent Writes: version vectors'), literature.dynamo],
  decide: (context) => {
    if (!context.multiRegionWrites || isStrong(context.consistency) || context.entity.conflicts !== undefined) return undefined;
    return {
      choice: { choice: { kind: 'multi-leader', conflictResolution: 'vector-clocks-with-siblings' }, readsFrom: 'local-leader', regions: context.regions, crossRegionSynchronous: false },
      summary: 'multi-leader, conflicts kept as siblings (version vectors) until the spec names a policy',
      why: `${context.entity.name} is written in several regions but the spec names no conflict policy; version vectors detect concurrent writes and keep both as siblings, so nothing is lost while a policy is chosen.`,
      tradeOff: 'Readers must handle several versions of an item until they are merged; choose `conflicts:` to remove that burden.',
      alternatives: otherReplication('multi-leader', { 'leader-follower-synchronous': 'the requirements do not ask for a single order of writes' }),
    };
  },
};
