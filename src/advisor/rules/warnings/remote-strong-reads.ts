import { isStrong } from '../../context.js';
import type { CheckRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/**
 * Linearizable reads are served by the leader (or a quorum); readers in other regions pay the
 * round trip to it. When the read objective is below that round trip, only a design that makes
 * writes slower (global tables that wait out clock uncertainty, or leases in every region) keeps
 * reads both local and linearizable.
 */
export const remoteStrongReads: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.remote-linearizable-reads',
  title: 'Linearizable reads from remote regions slower than the read objective',
  sources: [literature.abadi, literature.spanner],
  check: ({ contexts, entities }) =>
    contexts.flatMap((context, index) => {
      const made = entities[index];
      const slo = context.entity.latency?.readP99Ms;
      if (made === undefined || slo === undefined || !isStrong(made.consistency.choice) || context.regions.length < 2) return [];
      // With residency each jurisdiction has its own leader, read from its own regions.
      const design = made.replication.choice;
      const groups = design.placements ?? [{ jurisdiction: '', regions: context.regions, leaderRegion: design.leaderRegion ?? context.primaryRegion }];
      return groups.flatMap((group) => {
        const leader = group.leaderRegion ?? group.regions[0] ?? context.primaryRegion;
        const remote = group.regions.filter((region) => region !== leader).map((region) => ({ region, rttMs: context.geography.roundTrip(region, leader).rttMs }));
        if (remote.length === 0) return [];
        const farthest = remote.reduce((a, b) => (b.rttMs > a.rttMs ? b : a));
        if (farthest.rttMs <= slo) return [];
        const whose = group.jurisdiction === '' ? 'its leader' : `the leader of its ${group.jurisdiction} data`;
        return [{
          subject: `entities.${context.entity.name}`,
          message: `${context.entity.name} is ${made.consistency.choice} with reads at p99 ≤ ${slo} ms, but ${whose} is in ${leader}: a read from ${farthest.region} waits a ${farthest.rttMs} ms round trip.`,
          fix: `Serve readers in ${farthest.region} from ${leader}'s region only, or accept slower writes for local strong reads (CockroachDB GLOBAL tables, Spanner read-only replicas with commit wait), or relax reads there to bounded staleness (follower reads).`,
        }];
      });
    }),
};
