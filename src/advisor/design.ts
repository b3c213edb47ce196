import { type EntityContext, entityContext, type ModelContext, type Placement, placementsOf } from './context.js';
import { type CallDesign, type Design, designSchemaVersion, type EntityDesign, type PlacementDesign, type StepPlan, type WorkflowDesign } from './design-types.js';
import { deliveredConsistency } from './delivered.js';
import { engineSettings } from './engines/index.js';
import type { EngineSettings } from './engines/types.js';
import { analyzeQuorum } from './quorum.js';
import { Geography } from './regions.js';
import { decideFirst } from './rule.js';
import { cachingRules } from './rules/caching/index.js';
import { breakerThresholds, bulkheadFromLittlesLaw, fallbackByCriticality, retryRules, timeoutFromLatency } from './rules/calls/index.js';
import { conflictRules } from './rules/conflicts/index.js';
import { consistencyRules } from './rules/consistency/index.js';
import { defaultLongestOutageMs, deletesPropagate } from './rules/entity/deletes.js';
import { failoverFromReplication } from './rules/entity/failover.js';
import { pacelcFromSettings } from './rules/entity/pacelc.js';
import { partitioningRules } from './rules/partitioning/index.js';
import { replicationRules } from './rules/replication/index.js';
import { type ReviewInput, runChecks } from './rules/review.js';
import { discoveryRules, monitoringFromDesign } from './rules/system/index.js';
import { warningRules } from './rules/warnings/index.js';
import { classifySteps, compensationOrder, coordinationRules, outboxMessaging, sagaDeadline } from './rules/workflow/index.js';
import type { CallSpec, Spec, WorkflowSpec } from './spec/schema.js';

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
  const { spec, entity, geography } = context;
  // Residency: the replication is decided once per jurisdiction, inside its regions only; the
  // first placement's decision drives PACELC, failover and the engine settings.
  const placements = placementsOf(spec, entity);
  const placed = placements.map((placement) => ({ placement, context: { ...entityContext(spec, entity, geography, placement), consistency: consistency.choice } }));
  const modelContext: ModelContext = placed[0]?.context ?? { ...context, consistency: consistency.choice };
  const decisions = placed.map(({ placement, context: placedContext }) => ({ placement, context: placedContext, replication: decideFirst(replicationRules, placedContext) }));
  const primary = decisions[0]?.replication ?? decideFirst(replicationRules, modelContext);
  const replication = withResidency(primary, decisions);
  const choice = primary.choice.choice;
  const replicated = { context: modelContext, replication: primary.choice };
  const caches = (spec.caches ?? []).filter((cache) => cache.entity === entity.name);
  const staleness = entity.staleness;
  const writeRegions = decisions.length === 0 ? context.writeRegions : [...new Set(decisions.flatMap((decision) => decision.context.writeRegions))];
  return {
    name: entity.name,
    service: entity.service,
    requirements: {
      durable: context.durable,
      multiRegionWrites: context.multiRegionWrites,
      writeRegions,
      ...(typeof staleness === 'object' && 'maxMs' in staleness ? { stalenessBoundMs: staleness.maxMs } : {}),
      ...(typeof staleness === 'object' && 'maxVersions' in staleness ? { stalenessBoundVersions: staleness.maxVersions } : {}),
      ...(entity.latency?.readP99Ms === undefined ? {} : { readP99Ms: entity.latency.readP99Ms }),
      ...(entity.latency?.writeP99Ms === undefined ? {} : { writeP99Ms: entity.latency.writeP99Ms }),
      ...(entity.merge === undefined ? {} : { merge: entity.merge }),
      ...(entity.noDoubleBooking === true ? { noDoubleBooking: true } : {}),
    },
    consistency,
    delivers: (({ model, reason }) => ({ consistency: model, reason }))(deliveredConsistency(replication, consistency.choice)),
    replication,
    ...(choice.kind === 'leaderless'
      ? { quorum: analyzeQuorum({ n: choice.n, w: choice.w, r: choice.r, sloppy: choice.sloppyQuorum, writeBackOnRead: choice.writeBackOnRead }) }
      : {}),
    partitioning: decideFirst(partitioningRules, context),
    caching: caches.map((cache) => decideFirst(cachingRules, { context: modelContext, cache })),
    pacelc: decideFirst([pacelcFromSettings], replicated),
    failover: decideFirst([failoverFromReplication], replicated),
    ...(entity.deletes === undefined ? {} : { deletes: decideFirst([deletesPropagate], replicated) }),
    engines: enginesFor(modelContext, primary.choice, placements),
  };
}

/**
 * Residency constrains placement whatever the replication: each jurisdiction's copies, its leader
 * and its write regions are chosen inside its own regions (the partitioning decision puts the
 * jurisdiction in the key).
 */
function withResidency(
  primary: EntityDesign['replication'],
  decisions: readonly { placement: Placement; context: EntityContext; replication: EntityDesign['replication'] }[],
): EntityDesign['replication'] {
  if (decisions.length === 0) return primary;
  const placements: PlacementDesign[] = decisions.map(({ placement, context, replication }) => ({
    jurisdiction: placement.jurisdiction,
    regions: replication.choice.regions,
    ...(replication.choice.leaderRegion === undefined ? {} : { leaderRegion: replication.choice.leaderRegion }),
    writeRegions: context.writeRegions,
    crossRegionSynchronous: replication.choice.crossRegionSynchronous,
  }));
  const describe = (placement: PlacementDesign) =>
    `${placement.jurisdiction}: ${placement.regions.join(', ')}${placement.leaderRegion === undefined ? '' : ` (leader ${placement.leaderRegion})`}${
      placement.writeRegions.length > 0 ? `, writes in ${placement.writeRegions.join(', ')}` : ''
    }`;
  const groups = placements.map(describe).join('; ');
  const { leaderRegion: _leader, ...rest } = primary.choice;
  return {
    ...primary,
    choice: {
      ...rest,
      regions: [...new Set(placements.flatMap((placement) => placement.regions))],
      ...(placements.length === 1 && placements[0]?.leaderRegion !== undefined ? { leaderRegion: placements[0].leaderRegion } : {}),
      placements,
    },
    summary: `${primary.summary}; per jurisdiction, every copy, leader and write stays in its regions (${groups})`,
    why: `${primary.why} Data residency applies to every copy: each jurisdiction's data is replicated only within its own regions, backups included, with the same replication decided inside those regions (${groups}).`,
  };
}

function enginesFor(context: ModelContext, replication: EntityDesign['replication']['choice'], placements: readonly Placement[]): EngineSettings[] {
  const { entity, geography } = context;
  const staleness = entity.staleness;
  const stalenessBoundMs = typeof staleness === 'object' && 'maxMs' in staleness ? staleness.maxMs : undefined;
  const leader = replication.leaderRegion ?? context.primaryRegion;
  const nearest = geography.nearest(leader, context.regions);
  return engineSettings({
    consistency: context.consistency,
    replication: replication.choice,
    ...(stalenessBoundMs === undefined ? {} : { stalenessBoundMs }),
    multiRegionWrites: context.multiRegionWrites,
    regionCount: context.regions.length,
    durableAcknowledgedWrites: context.durable,
    regions: [leader, ...context.regions.filter((region) => region !== leader)],
    ...(placements.length === 0 ? {} : { placements }),
    ...(entity.volume?.sizeGb === undefined ? {} : { sizeGb: entity.volume.sizeGb }),
    ...(entity.latency?.writeP99Ms === undefined ? {} : { writeP99Ms: entity.latency.writeP99Ms }),
    ...(nearest === undefined ? {} : { nearestRegionRttMs: nearest.rttMs }),
    synchronousAcrossRegions: replication.crossRegionSynchronous,
    ...(entity.deletes === undefined ? {} : { deletesPropagate: { longestOutageMs: entity.deletes.longestOutageMs ?? defaultLongestOutageMs } }),
  });
}

function designWorkflow(spec: Spec, workflow: WorkflowSpec): WorkflowDesign {
  const input = { spec, workflow };
  const coordination = decideFirst(coordinationRules, input);
  const deadline = decideFirst([sagaDeadline], { ...input, coordination: coordination.choice });
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
    coordination,
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
