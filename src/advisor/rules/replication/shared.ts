import type { ModelContext } from '../../context.js';
import type { Alternative, ReplicationDesign } from '../../design-types.js';

/** Copies in total for asynchronous/semi-synchronous leader-follower: three zones in the leader's region, one copy per other region. */
export function spreadReplicas(context: ModelContext): number {
  return 3 + Math.max(0, context.regions.length - 1);
}

/** Where copies live, for the summary line. */
export function placement(design: ReplicationDesign): string {
  if (design.regions.length <= 1) return 'three availability zones of one region';
  const leader = design.leaderRegion === undefined ? '' : `, leader in ${design.leaderRegion}`;
  return `${design.regions.length} regions (${design.regions.join(', ')}${leader})`;
}

/** The replication families, each with why it was not chosen (override per rule). */
export function otherReplication(chosen: 'leader-follower-synchronous' | 'leader-follower-asynchronous' | 'multi-leader' | 'leaderless', overrides: Partial<Record<string, string>> = {}): Alternative[] {
  const all: Record<string, string> = {
    'leader-follower-synchronous': 'waits for follower acknowledgements on every write, which the requirements do not need',
    'leader-follower-asynchronous': 'a failover loses the writes the followers had not received, and follower reads are stale',
    'multi-leader': 'concurrent writes in two regions conflict and need a resolution policy; it cannot give linearizability',
    leaderless: 'quorum reads and writes on every request, read repair and anti-entropy; strict quorums give a regular register, not linearizability, without ABD-style write-back',
  };
  return Object.entries(all)
    .filter(([choice]) => choice !== chosen)
    .map(([choice, whyRejected]) => ({ choice, whyRejected: overrides[choice] ?? whyRejected }));
}
