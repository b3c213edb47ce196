import type { CheckRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/** Last-writer-wins on wall-clock timestamps across nodes whose clocks drift. */
export const lwwClockSkew: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.lww-under-clock-skew',
  title: 'Last-writer-wins under clock skew',
  sources: [ddiaChapter(8, 'The Trouble with Distributed Systems', 'Timestamps for ordering events'), literature.hlc],
  check: ({ spec, entities }) => {
    const clocks = spec.system.clocks;
    if (clocks?.source === 'truetime') return [];
    const skew = clocks?.maxSkewMs;
    const writeOnce = new Set(spec.entities.filter((entity) => entity.mutability === 'immutable' || entity.mutability === 'append-only').map((entity) => entity.name));
    return entities
      .filter((entity) => {
        // Write-once data (readings, events) has no second write for a skewed clock to lose to.
        if (writeOnce.has(entity.name)) return false;
        const choice = entity.replication.choice.choice;
        return choice.kind === 'multi-leader' && choice.conflictResolution === 'last-writer-wins';
      })
      .map((entity) => ({
        subject: `entities.${entity.name}`,
        message: `${entity.name} resolves conflicts by last-writer-wins on timestamps, and clocks ${skew === undefined ? `(${clocks?.source ?? 'NTP'}) drift by tens to hundreds of milliseconds` : `drift by up to ${skew} ms`}: a write that happened later on a node with a slow clock loses to an earlier one, silently.`,
        fix: 'Use hybrid logical clocks (so causally later writes always win), or keep siblings with version vectors, or a CRDT; if LWW stays, make it per field, not per item.',
      }));
  },
};
