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
        findings.push({ subject: `entities.${entity.name}`, message: `${entity.name} targets RPO ≤ ${entity.rpoMs} ms when a node fails, but a node loss can lose the replication lag's worth of writes.`, fix: 'Acknowledge writes only after a synchronous follower or a majority has them.' });
      }
      if (entity.rpoRegionLossMs !== undefined && (failover.rpoMsRegionLoss === null || failover.rpoMsRegionLoss > entity.rpoRegionLossMs)) {
        findings.push({
          subject: `entities.${entity.name}`,
          message: `${entity.name} targets RPO ≤ ${entity.rpoRegionLossMs} ms when a region is lost, but ${failover.rpoMsRegionLoss === null ? 'losing the leader\'s region loses the cross-region replication lag, which is unbounded under load' : `losing a region can lose ${failover.rpoMsRegionLoss} ms of writes`}.`,
          fix: 'Acknowledge a write only once a replica in another region has it (a synchronous standby or a consensus majority spread over three regions), at one cross-region round trip per write; or relax rpoRegionLossMs to the replication lag you monitor.',
        });
      }
      if (entity.rtoMs !== undefined && failover.rtoMs > entity.rtoMs) {
        findings.push({ subject: `entities.${entity.name}`, message: `${entity.name} targets RTO ≤ ${entity.rtoMs} ms, but failover takes about ${failover.rtoMs} ms (${failover.mechanism.split(';')[0]}).`, fix: 'Shorten failure detection (lease/heartbeat timeouts) at the cost of false failovers, or use leaderless/multi-leader replication that needs no failover.' });
      }
      return findings;
    }),
};
