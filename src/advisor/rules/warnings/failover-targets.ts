import type { CheckRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/** The design's RPO/RTO does not meet the spec's targets. */
export const failoverTargets: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.failover-targets-missed',
  title: 'RPO or RTO target not met by the design',
  sources: [ddiaChapter(5, 'Replication', 'Handling Node Outages')],
  check: ({ contexts, entities }) =>
    contexts.flatMap(({ entity }, index) => {
      const failover = entities[index]?.failover.choice;
      if (failover === undefined) return [];
      const findings: WarningDraft[] = [];
      if (entity.rpoMs !== undefined && (failover.rpoMsNodeLoss === null || failover.rpoMsNodeLoss > entity.rpoMs)) {
        findings.push({ subject: `entities.${entity.name}`, message: `${entity.name} targets RPO ≤ ${entity.rpoMs} ms, but a node loss can lose the replication lag's worth of writes.`, fix: 'Acknowledge writes only after a synchronous follower or a majority has them.' });
      }
      if (entity.rtoMs !== undefined && failover.rtoMs > entity.rtoMs) {
        findings.push({ subject: `entities.${entity.name}`, message: `${entity.name} targets RTO ≤ ${entity.rtoMs} ms, but failover takes about ${failover.rtoMs} ms (${failover.mechanism.split(';')[0]}).`, fix: 'Shorten failure detection (lease/heartbeat timeouts) at the cost of false failovers, or use leaderless/multi-leader replication that needs no failover.' });
      }
      return findings;
    }),
};
