import type { CheckRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

const windowMs = { monthly: 30 * 24 * 3_600_000, yearly: 365 * 24 * 3_600_000 } as const;

/**
 * The downtime an availability target allows in its window, in ms.
 *
 * @example
 * ```ts
 * downtimeBudgetMs(99.999, 'monthly'); // 25_920 (about 26 s)
 * ```
 */
export function downtimeBudgetMs(availability: number, window: keyof typeof windowMs): number {
  return Math.round(((100 - availability) / 100) * windowMs[window]);
}

/** A failover that takes longer than the whole downtime budget of the availability target. */
export const availabilityVsFailover: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.availability-below-failover-time',
  title: 'One failover spends the availability target’s whole downtime budget',
  sources: [literature.srePercentiles, ddiaChapter(5, 'Replication', 'Handling Node Outages: failover')],
  check: ({ spec, entities }) => {
    const availability = spec.system.availability;
    if (availability === undefined) return [];
    const window = spec.system.availabilityWindow ?? 'monthly';
    const budget = downtimeBudgetMs(availability, window);
    return entities.flatMap((entity) => {
      const failover = entity.failover.choice;
      if (failover.rtoMs === 0 || failover.rtoMs <= budget) return [];
      return [{
        subject: `entities.${entity.name}`,
        message: `${availability}% availability measured ${window} allows ${formatSeconds(budget)} of downtime a ${window === 'monthly' ? 'month' : 'year'}, but one failover of ${entity.name} takes about ${formatSeconds(failover.rtoMs)} (${failover.mechanism.split(';')[0]}): a single leader failure spends the whole budget.`,
        fix: `Shorten detection and election (lease/TTL of a few seconds, at the cost of false failovers), keep serving reads during failover, use replication that needs no failover (leaderless quorums, or multi-leader where conflicts are acceptable), measure the target ${window === 'monthly' ? 'yearly' : 'over a longer window'}, or lower it.`,
      }];
    });
  },
};

function formatSeconds(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1_000)} s` : `${+(ms / 60_000).toFixed(1)} min`;
}
