import { type EntityContext, entityContext, type ModelContext } from './context.js';
import { type CallDesign, type Design, designSchemaVersion, type EntityDesign, type StepPlan, type WorkflowDesign } from './design-types.js';
import { engineSettings } from './engines/index.js';
import type { EngineSettings } from './engines/types.js';
import { analyzeQuorum } from './quorum.js';
import { Geography } from './regions.js';
import { decideFirst } from './rule.js';
import { cachingRules } from './rules/caching/index.js';
import { breakerThresholds, bulkheadFromLittlesLaw, fallbackByCriticality, retryRules, timeoutFromLatency } from './rules/calls/index.js';
import { conflictRules } from './rules/conflicts/index.js';
import { consistencyRules } from './rules/consistency/index.js';
import { failoverFromReplication } from './rules/entity/failover.js';
import { pacelcFromSettings } from './rules/entity/pacelc.js';
import { partitioningRules } from './rules/partitioning/index.js';
import { replicationRules } from './rules/replication/index.js';
import { type ReviewInput, runChecks } from './rules/review.js';
import { discoveryRules, monitoringFromDesign } from './rules/system/index.js';
import { warningRules } from './rules/warnings/index.js';
import { classifySteps, compensationOrder, coordinationRules, outboxMessaging, sagaDeadline } from './rules/workflow/index.js';
import type { CallSpec, EntitySpec, Spec, WorkflowSpec } from './spec/schema.js';

/**
 * Turns a validated spec into a design: a decision (with its rule, reason, trade-off,
 * alternatives and sources) for every entity, workflow and call, the system-wide choices, the
 * anti-patterns found, and the requirements that contradict one another. Pure and deterministic.
 *
 * @example
 * ```ts
 * import { design, parseSpec } from 'pacelc/advisor';
 * const result = design(parseSpec(text, { file: 'bank.yaml' }));
 * result.entities[0]?.pacelc.choice.label; // 'PC/EC'
 * ```
 */
export function design(spec: Spec): Design {
  const geography = new Geography(spec.system);
  const contexts = spec.entities.map((entity) => entityContext(spec, entity, geography));
  const entities = contexts.map((context) => designEntity(context));
  const workflows = (spec.workflows ?? []).map((workflow) => designWorkflow(spec, workflow));
  const calls = (spec.calls ?? []).map((call) => designCall(spec, call));
  const review: ReviewInput = { spec, geography, contexts, entities, calls, workflows };
  return {
    schemaVersion: designSchemaVersion,
    system: { name: spec.system.name, regions: geography.regions.map((region) => ({ name: region.name, area: region.area })) },
    entities,
    workflows,
    calls,
    systemDecisions: {
      discovery: decideFirst(discoveryRules, spec),
      monitoring: decideFirst([monitoringFromDesign], { entities, calls, workflows }),
    },
    warnings: runChecks(warningRules, review),
    conflicts: runChecks(conflictRules, review),
  };
}

function designEntity(context: EntityContext): EntityDesign {
  const consistency = decideFirst(consistencyRules, context);
  const modelContext: ModelContext = { ...context, consistency: consistency.choice };
  const replication = withResidency(decideFirst(replicationRules, modelContext), context.entity);
  const choice = replication.choice.choice;
  const replicated = { context: modelContext, replication: replication.choice };
  const caches = (context.spec.caches ?? []).filter((cache) => cache.entity === context.entity.name);
  const { entity } = context;
  const staleness = entity.staleness;
  return {
    name: entity.name,
    service: entity.service,
    requirements: {
      durable: context.durable,
      multiRegionWrites: context.multiRegionWrites,
      writeRegions: context.writeRegions,
      ...(typeof staleness === 'object' && 'maxMs' in staleness ? { stalenessBoundMs: staleness.maxMs } : {}),
      ...(typeof staleness === 'object' && 'maxVersions' in staleness ? { stalenessBoundVersions: staleness.maxVersions } : {}),
      ...(entity.latency?.readP99Ms === undefined ? {} : { readP99Ms: entity.latency.readP99Ms }),
      ...(entity.latency?.writeP99Ms === undefined ? {} : { writeP99Ms: entity.latency.writeP99Ms }),
    },
    consistency,
    replication,
    ...(choice.kind === 'leaderless'
      ? { quorum: analyzeQuorum({ n: choice.n, w: choice.w, r: choice.r, sloppy: choice.sloppyQuorum, writeBackOnRead: choice.writeBackOnRead }) }
      : {}),
    partitioning: decideFirst(partitioningRules, context),
    caching: caches.map((cache) => decideFirst(cachingRules, { context: modelContext, cache })),
    pacelc: decideFirst([pacelcFromSettings], replicated),
    failover: decideFirst([failoverFromReplication], replicated),
    engines: enginesFor(modelContext, context.entity, replication.choice.choice),
  };
}

/**
 * Residency constrains placement whatever the replication: each jurisdiction's partitions keep
 * every copy inside its regions (the partitioning decision puts the jurisdiction in the key).
 */
function withResidency(decision: EntityDesign['replication'], entity: EntitySpec): EntityDesign['replication'] {
  const residency = entity.residency;
  if (residency === undefined || residency.length === 0) return decision;
  const groups = residency.map((rule) => `${rule.jurisdiction}: ${rule.regions.join(', ')}`).join('; ');
  return {
    ...decision,
    summary: `${decision.summary}; per jurisdiction, copies stay in its regions (${groups})`,
    why: `${decision.why} Data residency applies to every copy: each jurisdiction's partitions are replicated only within its own regions (${groups}), backups included.`,
  };
}

function enginesFor(context: ModelContext, entity: EntitySpec, replication: EntityDesign['replication']['choice']['choice']): EngineSettings[] {
  const staleness = entity.staleness;
  const stalenessBoundMs = typeof staleness === 'object' && 'maxMs' in staleness ? staleness.maxMs : undefined;
  return engineSettings({
    consistency: context.consistency,
    replication,
    ...(stalenessBoundMs === undefined ? {} : { stalenessBoundMs }),
    multiRegionWrites: context.multiRegionWrites,
    regionCount: context.regions.length,
    durableAcknowledgedWrites: context.durable,
  });
}

function designWorkflow(spec: Spec, workflow: WorkflowSpec): WorkflowDesign {
  const input = { spec, workflow };
  const deadline = decideFirst([sagaDeadline], input);
  const messaging = decideFirst([outboxMessaging], input);
  const kinds = classifySteps(workflow);
  const stepTimeoutMs = Math.floor(deadline.choice.deadlineMs / workflow.steps.length);
  const steps: StepPlan[] = workflow.steps.map((step, index) => ({
    name: step.name,
    service: step.service,
    kind: kinds[index] ?? 'pivot',
    ...(step.compensation === undefined ? {} : { compensation: step.compensation }),
    idempotencyKey: messaging.choice.keyFormat.replace('{step}', step.name),
    timeoutMs: stepTimeoutMs,
  }));
  return {
    name: workflow.name,
    coordination: decideFirst(coordinationRules, input),
    steps,
    compensation: decideFirst([compensationOrder], input),
    messaging,
    deadline,
  };
}

function designCall(spec: Spec, call: CallSpec): CallDesign {
  const input = { spec, call };
  return {
    from: call.from,
    to: call.to,
    ...(call.operation === undefined ? {} : { operation: call.operation }),
    timeout: decideFirst([timeoutFromLatency], input),
    retry: decideFirst(retryRules, input),
    breaker: decideFirst([breakerThresholds], input),
    bulkhead: decideFirst([bulkheadFromLittlesLaw], input),
    fallback: decideFirst([fallbackByCriticality], input),
  };
}
