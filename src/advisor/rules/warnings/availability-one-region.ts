import type { CheckRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/** Minutes of downtime a year an availability target allows. */
function downtimeMinutesPerYear(availability: number): number {
  return ((100 - availability) / 100) * 365.25 * 24 * 60;
}

/**
 * Five nines or more from a single region: one regional outage (power, network, a bad control
 * plane deploy) of an hour spends the budget of more than a decade.
 */
export const availabilityOneRegion: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.availability-beyond-one-region',
  title: 'An availability target one region cannot meet',
  sources: [ddiaChapter(5, 'Replication', 'Use Cases for Multi-Leader Replication: multi-datacenter operation')],
  check: ({ spec }) => {
    const availability = spec.system.availability;
    if (availability === undefined || availability < 99.999 || spec.system.regions.length > 1) return [];
    const minutes = downtimeMinutesPerYear(availability);
    return [{
      subject: 'system',
      message: `The target is ${availability}% (${minutes.toFixed(1)} minutes of downtime a year) from one region: a single regional outage (every large cloud has had several that lasted hours) uses that budget many times over.`,
      fix: 'Run in at least two regions with failover (three for automatic consensus across regions), or lower the target to what one region delivers (about 99.99%).',
    }];
  },
};
