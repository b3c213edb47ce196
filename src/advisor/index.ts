export { entityContext, type EntityContext, isStrong, type ModelContext, modelStrength, type Placement, placementsOf } from './context.js';
export { type Delivered, deliveredConsistency } from './delivered.js';
export { roundTripTableSource, tabulatedRoundTripMs } from './round-trip-table.js';
export { design } from './design.js';
export * from './design-types.js';
export * from './engines/index.js';
export * from './quorum.js';
export { Geography, inferArea, type RegionInfo, type RoundTrip } from './regions.js';
export * from './render/index.js';
export { type CheckRule, decideFirst, type DecisionDraft, type DecisionRule } from './rule.js';
export { cachingRules } from './rules/caching/index.js';
export { allRules, type RuleInfo } from './rules/index.js';
export { conflictRules } from './rules/conflicts/index.js';
export { consistencyRules } from './rules/consistency/index.js';
export { derivePacelc } from './rules/entity/pacelc.js';
export { partitioningRules } from './rules/partitioning/index.js';
export { replicationRules } from './rules/replication/index.js';
export { warningRules } from './rules/warnings/index.js';
export { type Citation, ddiaChapter, literature, seed } from './sources.js';
export { crossCheckSpec, regionName } from './spec/cross-check.js';
export { formatPath, parseSpec, type ParseSpecOptions } from './spec/parse.js';
export {
  accessPatterns,
  type AccessPattern,
  type Area,
  areas,
  type CacheSpec,
  type CallSpec,
  type ConflictPolicy,
  conflictPolicies,
  type MergeKind,
  mergeKinds,
  mutabilities,
  type EntitySpec,
  type Freshness,
  type GivenReplication,
  type RegionSpec,
  type ServiceSpec,
  type Spec,
  specSchema,
  type Staleness,
  type StepSpec,
  type SystemSpec,
  type WorkflowSpec,
} from './spec/schema.js';
