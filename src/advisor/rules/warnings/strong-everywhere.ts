import { isStrong } from '../../context.js';
import type { CheckRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/** Every entity strongly consistent, or a strong model stated where no requirement asks for it. */
export const strongEverywhere: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.strong-consistency-everywhere',
  title: 'Strong consistency everywhere',
  sources: [literature.vogels, literature.abadi, literature.brewer2012],
  check: ({ contexts, entities }) => {
    const needsStrong = (entity: (typeof contexts)[number]['entity']) => entity.money === true || entity.noDoubleBooking === true || entity.staleness === 'none';
    const unneeded = contexts.filter((context) => {
      const { entity } = context;
      return entity.consistency !== undefined && isStrong(entity.consistency) && !needsStrong(entity);
    });
    const findings: WarningDraft[] = unneeded.map(({ entity }) => ({
      subject: `entities.${entity.name}`,
      message: `${entity.name} requires ${entity.consistency}, but none of its requirements (money, no double booking, no staleness) needs it: every operation pays coordination latency and the data becomes unavailable under partition for nothing.`,
      fix: 'Remove `consistency:` and let the advisor derive the model from the requirements, or state the requirement that needs it.',
    }));
    // Quiet when every entity genuinely needs it (money, exclusive claims, no staleness): nothing to relax.
    if (entities.length >= 3 && entities.every((entity) => isStrong(entity.consistency.choice)) && !contexts.every((context) => needsStrong(context.entity))) {
      findings.push({
        subject: 'entities',
        message: `All ${entities.length} entities are strongly consistent: the whole system runs at the speed and availability of its slowest quorum.`,
        fix: 'Check each entity: catalogs, feeds, profiles and carts rarely need more than eventual or session consistency.',
      });
    }
    return findings;
  },
};
