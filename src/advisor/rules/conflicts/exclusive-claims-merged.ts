import type { CheckRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import type { ConflictDraft, ReviewInput } from '../review.js';

/** Exclusive claims or money written in several regions with a resolution that merges or drops writes. */
export const exclusiveClaimsMerged: CheckRule<ReviewInput, ConflictDraft> = {
  id: 'conflict.claims-resolved-after-the-fact',
  title: 'Exclusive claims or money resolved after the fact',
  sources: [ddiaChapter(5, 'Replication', 'Handling Write Conflicts'), ddiaChapter(12, 'The Future of Data Systems', 'Enforcing Constraints: uniqueness requires consensus')],
  check: ({ contexts }) =>
    contexts.flatMap(({ entity, multiRegionWrites }) => {
      const conflicts = entity.conflicts;
      if (!multiRegionWrites || conflicts === undefined || conflicts === 'reject') return [];
      const claims = entity.noDoubleBooking === true;
      const lww = entity.money === true && conflicts === 'last-writer-wins';
      if (!claims && !lww) return [];
      return [{
        subject: `entities.${entity.name}`,
        requirements: [claims ? 'noDoubleBooking: true' : 'money: true', 'writes: multi-region', `conflicts: ${conflicts}`],
        explanation: claims
          ? `${entity.name} must never be double booked, yet two regions may accept claims and resolve them afterwards (${conflicts}). Resolution after the fact cannot un-sell a seat: by then both customers were told yes. A uniqueness constraint needs the claims ordered before they are acknowledged.`
          : `${entity.name} holds money, yet concurrent writes from two regions are resolved by last-writer-wins, which silently discards one of them (a lost debit or credit).`,
        options: [
          'Set conflicts: reject (one leader, or a consensus group, orders claims); remote regions pay a round trip per claim.',
          'Give each item a home region (seats of a flight live where the flight departs) so claims are local and ordered there.',
          claims ? 'Accept overbooking explicitly and compensate (airlines do: bump and rebook), and drop noDoubleBooking.' : 'Record money as an append-only ledger of entries (merge = union), never as an overwritten balance.',
        ],
      }];
    }),
};
