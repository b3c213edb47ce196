import type { Design, EntityDesign } from '../design-types.js';

/** Every service named in a design (owners of entities, saga participants, callers and callees), in first-seen order. */
export function serviceNamesOfDesign(result: Design): string[] {
  const names = new Set<string>();
  for (const entity of result.entities) names.add(entity.service);
  for (const workflow of result.workflows) for (const step of workflow.steps) names.add(step.service);
  for (const call of result.calls) {
    names.add(call.from);
    names.add(call.to);
  }
  return [...names];
}

/** The replication in a few words, for summary tables. */
export function replicationBrief(entity: EntityDesign): string {
  const choice = entity.replication.choice.choice;
  switch (choice.kind) {
    case 'leader-follower':
      return `leader-follower, ${choice.mode}${choice.synchronousAcks > 0 ? ` (${choice.synchronousAcks} of ${choice.replicas - 1} followers ack)` : ''}, reads: ${entity.replication.choice.readsFrom}`;
    case 'multi-leader':
      return `multi-leader, ${choice.conflictResolution}`;
    case 'leaderless':
      return `leaderless N=${choice.n} W=${choice.w} R=${choice.r}${choice.sloppyQuorum ? ', sloppy' : ''}`;
  }
}

/** RPO and RTO in a few words. */
export function failoverBrief(entity: EntityDesign): string {
  const failover = entity.failover.choice;
  const rpo = (value: number | null): string => (value === null ? 'lag' : `${value} ms`);
  return `RPO ${rpo(failover.rpoMsNodeLoss)} node / ${rpo(failover.rpoMsRegionLoss)} region; RTO ${Math.round(failover.rtoMs / 1000)} s`;
}
