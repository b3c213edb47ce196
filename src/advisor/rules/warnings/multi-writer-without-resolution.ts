import type { CheckRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/** Data written in several regions (or multi-leader) with no conflict policy. */
export const multiWriterWithoutResolution: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.multi-writer-without-conflict-resolution',
  title: 'Multi-writer data without conflict resolution',
  sources: [ddiaChapter(5, 'Replication', 'Handling Write Conflicts')],
  check: ({ contexts }) =>
    contexts
      .filter(
        ({ entity, multiRegionWrites }) =>
          // No double booking implies rejection of the second claim; a merge kind or write-once data is a policy too.
          (multiRegionWrites && entity.conflicts === undefined && entity.noDoubleBooking !== true && entity.merge === undefined && (entity.mutability ?? 'mutable') === 'mutable') ||
          (entity.replication?.kind === 'multi-leader' && entity.replication.conflictResolution === 'none'),
      )
      .map(({ entity }) => ({
        subject: `entities.${entity.name}`,
        message: `${entity.name} is written in several places with no conflict policy: concurrent writes will be resolved by accident (usually whichever replicates last wins, silently).`,
        fix: 'Set `conflicts:` to merge (CRDTs), custom (application merge with siblings), last-writer-wins (only if losing a concurrent write is acceptable), or reject (single leader).',
      })),
};
