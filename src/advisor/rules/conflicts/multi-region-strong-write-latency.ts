import { roundTripTableSource } from '../../round-trip-table.js';
import { isStrong } from '../../context.js';
import type { CheckRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { ConflictDraft, ReviewInput } from '../review.js';

/**
 * Multi-region writes that must be ordered (linearizable, or conflicts rejected) with a write SLO
 * below the physics: ordering a write accepted in two regions needs at least one round trip between
 * them, whatever the protocol.
 */
export const multiRegionStrongWriteLatency: CheckRule<ReviewInput, ConflictDraft> = {
  id: 'conflict.write-slo-below-cross-region-round-trip',
  title: 'Ordered multi-region writes faster than light allows',
  sources: [literature.gilbertLynch, literature.abadi, literature.spanner],
  check: ({ contexts, entities }) =>
    contexts.flatMap((context, index) => {
      const { entity, geography } = context;
      const slo = entity.latency?.writeP99Ms;
      const model = entities[index]?.consistency.choice;
      if (!context.multiRegionWrites || slo === undefined || model === undefined) return [];
      const ordered = isStrong(model) || entity.conflicts === 'reject';
      if (!ordered) return [];
      const bound = geography.serializationRoundTrip(context.writeRegions);
      if (slo >= bound.rttMs) return [];
      const ocean = context.writeRegions.some((a) => context.writeRegions.some((b) => geography.crossesContinents(a, b)));
      const why = isStrong(model) ? `${model} writes` : 'rejecting conflicting writes';
      return [{
        subject: `entities.${entity.name}`,
        requirements: [
          'writes: multi-region',
          ...(entity.conflicts === undefined ? [] : [`conflicts: ${entity.conflicts}`]),
          ...(isStrong(model) ? [`consistency: ${model}${entity.consistency === undefined ? ' (derived)' : ''}`] : []),
          `latency.writeP99Ms: ${slo}`,
        ],
        explanation: `${why} accepted in ${context.writeRegions.join(', ')} must be ordered at one place before they are acknowledged, so a write from the farthest region waits at least one round trip: ${bound.rttMs} ms${bound.measured ? '' : ` (typical figure, from the per-pair cloud table where listed (compiled ${roundTripTableSource.compiled}), else from the regions’ areas; set system.latency to use measured figures)`} with the ordering point at its best placement, ${bound.placement}${ocean ? ', across an ocean' : ''}. A ${slo} ms p99 write objective is below that physical floor; no protocol or engine can meet all of these requirements at once.`,
        options: [
          `Relax the latency: allow writes of at least ${Math.ceil(bound.rttMs * 1.5)} ms p99 in the farthest region (one round trip plus processing).`,
          'Write in one region: route writes to a home region per item (e.g. by user’s home region), so most writes are local and ordered there.',
          'Accept conflicts: multi-leader with a merge (CRDT) or application resolution, giving up linearizability for local writes (PA/EL).',
        ],
      }];
    }),
};
