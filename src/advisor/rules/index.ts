import { deletesPropagate } from './entity/deletes.js';
import type { Citation } from '../sources.js';
import { cachingRules } from './caching/index.js';
import { breakerThresholds, bulkheadFromLittlesLaw, fallbackByCriticality, retryRules, timeoutFromLatency } from './calls/index.js';
import { conflictRules } from './conflicts/index.js';
import { consistencyRules } from './consistency/index.js';
import { failoverFromReplication } from './entity/failover.js';
import { pacelcFromSettings } from './entity/pacelc.js';
import { partitioningRules } from './partitioning/index.js';
import { replicationRules } from './replication/index.js';
import { discoveryRules, monitoringFromDesign } from './system/index.js';
import { warningRules } from './warnings/index.js';
import { compensationOrder, coordinationRules, outboxMessaging, sagaDeadline } from './workflow/index.js';

/** A rule as listed in the docs: its id, what it decides or detects, and its sources. */
export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  readonly sources: readonly Citation[];
  /** `decision` rules choose; `warning` rules find anti-patterns; `conflict` rules find contradictions. */
  readonly kind: 'decision' | 'warning' | 'conflict';
}

const decision = (rules: readonly { id: string; title: string; sources: readonly Citation[] }[]): RuleInfo[] =>
  rules.map(({ id, title, sources }) => ({ id, title, sources, kind: 'decision' }));

/**
 * Every rule of the advisor, in the order they are consulted: the decision trees, then the
 * anti-pattern warnings, then the contradiction checks.
 *
 * @example
 * ```ts
 * import { allRules } from 'pacelc/advisor';
 * allRules.filter((rule) => rule.kind === 'warning').map((rule) => rule.id);
 * ```
 */
export const allRules: readonly RuleInfo[] = [
  ...decision(consistencyRules),
  ...decision(replicationRules),
  ...decision(partitioningRules),
  ...decision(cachingRules),
  ...decision([pacelcFromSettings, failoverFromReplication, deletesPropagate]),
  ...decision([...coordinationRules, compensationOrder, outboxMessaging, sagaDeadline]),
  ...decision([timeoutFromLatency, ...retryRules, breakerThresholds, bulkheadFromLittlesLaw, fallbackByCriticality]),
  ...decision([...discoveryRules, monitoringFromDesign]),
  ...warningRules.map(({ id, title, sources }): RuleInfo => ({ id, title, sources, kind: 'warning' })),
  ...conflictRules.map(({ id, title, sources }): RuleInfo => ({ id, title, sources, kind: 'conflict' })),
];
