import type { CallDesign, EntityDesign, Monitor, WorkflowDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';

/** What the monitoring rule sees: the decisions made so far. */
export interface MonitoringInput {
  readonly entities: readonly EntityDesign[];
  readonly calls: readonly CallDesign[];
  readonly workflows: readonly WorkflowDesign[];
}

/** The signals that tell whether each decision's assumptions still hold. */
export const monitoringFromDesign: DecisionRule<MonitoringInput, readonly Monitor[]> = {
  id: 'monitoring.derived',
  title: 'Monitor the assumption behind each decision',
  sources: [literature.srePercentiles],
  decide: ({ entities, calls, workflows }) => {
    const monitors: Monitor[] = [];
    for (const entity of entities) {
      const replication = entity.replication.choice.choice;
      const subject = `entities.${entity.name}`;
      if (replication.kind === 'leader-follower') {
        const staleness = entity.consistency.choice === 'bounded-staleness' ? 'it nears the staleness bound' : 'it exceeds 1 s or grows steadily';
        if (replication.mode !== 'synchronous' || entity.replication.choice.regions.length > 1) monitors.push({ signal: 'replication lag (seconds and bytes behind, per follower)', subject, alertWhen: staleness });
        if (replication.mode === 'semi-synchronous') monitors.push({ signal: 'semi-synchronous status (acknowledging followers)', subject, alertWhen: 'it falls back to asynchronous' });
        if (replication.consensusFailover) monitors.push({ signal: 'leader elections and term changes', subject, alertWhen: 'more than one election per hour' });
      } else if (replication.kind === 'leaderless') {
        monitors.push({ signal: 'quorum health (replicas reachable per token range), hinted handoffs queued, read-repair rate', subject, alertWhen: `fewer than ${Math.max(replication.w, replication.r)} replicas reachable for any range` });
      } else {
        monitors.push({ signal: 'conflict rate (concurrent writes resolved per minute) and cross-region replication lag', subject, alertWhen: 'conflicts spike above their baseline' });
      }
      if (entity.partitioning.choice.strategy !== 'none') monitors.push({ signal: 'load per partition (hot partitions)', subject, alertWhen: 'one partition takes more than 2× the mean' });
      for (const cache of entity.caching) if (cache.choice.strategy !== 'none') monitors.push({ signal: 'cache hit ratio and miss rate per key', subject: `caches.${cache.choice.readPath}`, alertWhen: 'hit ratio drops or misses on one key spike (stampede)' });
    }
    for (const call of calls) monitors.push({ signal: 'circuit-breaker state, timeouts, retries and fallbacks', subject: `calls.${call.from}→${call.to}`, alertWhen: 'the breaker opens or retries exceed 10% of calls' });
    for (const workflow of workflows) monitors.push({ signal: 'saga progress: instances per step, age of the oldest, compensations, dead-letter depth', subject: `workflows.${workflow.name}`, alertWhen: `an instance outlives its ${workflow.deadline.choice.deadlineMs} ms deadline or the dead-letter queue is not empty` });
    return {
      choice: monitors,
      summary: `${monitors.length} signals`,
      why: 'Each decision rests on an assumption (lag stays small, quorums stay reachable, dependencies stay healthy, sagas finish): these signals say when one stops holding.',
      tradeOff: 'Alert only on what needs a person; record the rest as dashboards. Correlate by trace id across services.',
      alternatives: [],
    };
  },
};
