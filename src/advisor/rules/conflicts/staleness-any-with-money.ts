import type { CheckRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import type { ConflictDraft, ReviewInput } from '../review.js';

/** Money or exclusive claims with "staleness: any": a stale read is exactly how money is double-spent. */
export const stalenessAnyWithMoney: CheckRule<ReviewInput, ConflictDraft> = {
  id: 'conflict.stale-reads-on-money-or-claims',
  title: 'Money or exclusive claims with any staleness',
  sources: [ddiaChapter(9, 'Consistency and Consensus', 'Linearizability'), literature.herlihyWing],
  check: ({ spec }) =>
    spec.entities
      .filter((entity) => entity.staleness === 'any' && (entity.money === true || entity.noDoubleBooking === true))
      .map((entity) => {
        const what = entity.money === true ? 'money: true' : 'noDoubleBooking: true';
        return {
          subject: `entities.${entity.name}`,
          requirements: [what, 'staleness: any'],
          explanation: `${entity.name} says ${what} and also that reads may be arbitrarily stale. A decision made on a stale read (is the balance enough? is the seat free?) spends the same money twice or sells the same seat twice; the two requirements cannot both hold. The design below follows ${what} (linearizable) — confirm it.`,
          options: [
            'Keep the protection: remove `staleness: any` (the decisions below assume this).',
            'Split the entity: a linearizable balance or claim record, and a stale-tolerant view (statement, seat map) fed from it.',
            `Drop ${what} if the data is only displayed, never decided on.`,
          ],
        };
      }),
};
