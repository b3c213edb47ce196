import type { ConsistencyModel } from './engines/types.js';
import type { Geography } from './regions.js';
import type { EntitySpec, Spec } from './spec/schema.js';

/**
 * What every entity rule sees: the entity, the whole spec, and facts derived from them.
 *
 * @example
 * ```ts
 * const rule: DecisionRule<EntityContext, ConsistencyModel> = { ..., decide: (context) => context.durable ? ... : undefined };
 * ```
 */
export interface EntityContext {
  readonly spec: Spec;
  readonly entity: EntitySpec;
  readonly geography: Geography;
  /** All regions of the system, the primary first. */
  readonly regions: readonly string[];
  readonly primaryRegion: string;
  /** Regions that accept writes of this entity. */
  readonly writeRegions: readonly string[];
  readonly multiRegionWrites: boolean;
  /** Acknowledged writes must never be lost: money, no double booking, or an RPO of 0 (node or region loss). */
  readonly durable: boolean;
  /**
   * The jurisdiction whose copies this context places, when the entity has residency rules: its
   * `regions` (and so every replica, leader and write region chosen from it) are that
   * jurisdiction's regions only.
   */
  readonly jurisdiction?: string;
}

/** Where one jurisdiction's copies of an entity may live (`other`: data no residency rule covers). */
export interface Placement {
  readonly jurisdiction: string;
  readonly regions: readonly string[];
}

/**
 * The placements residency imposes on an entity: one per residency rule, in the spec's order,
 * then `other` for data no rule covers, kept in the regions no rule claims (when there are any).
 * Empty when the entity has no residency rules.
 *
 * @example
 * ```ts
 * placementsOf(spec, entity); // [{ jurisdiction: 'EU', regions: ['eu-central-1', 'eu-west-1'] }, { jurisdiction: 'other', regions: ['us-east-1'] }]
 * ```
 */
export function placementsOf(spec: Spec, entity: EntitySpec): Placement[] {
  const residency = entity.residency ?? [];
  if (residency.length === 0) return [];
  const placements: Placement[] = residency.map((rule) => ({ jurisdiction: rule.jurisdiction, regions: [...new Set(rule.regions)] }));
  const claimed = new Set(residency.flatMap((rule) => rule.regions));
  const rest = spec.system.regions.map((region) => (typeof region === 'string' ? region : region.name)).filter((name) => !claimed.has(name));
  if (rest.length > 0) placements.push({ jurisdiction: 'other', regions: rest });
  return placements;
}

/**
 * An entity context once the consistency model is chosen.
 *
 * @example
 * ```ts
 * const modelContext: ModelContext = { ...entityContext(spec, entity, geography), consistency: 'causal' };
 * ```
 */
export interface ModelContext extends EntityContext {
  readonly consistency: ConsistencyModel;
}

/**
 * Builds the context of one entity.
 *
 * @example
 * ```ts
 * const context = entityContext(spec, spec.entities[0], new Geography(spec.system));
 * context.durable; // true for money
 * ```
 */
export function entityContext(spec: Spec, entity: EntitySpec, geography: Geography, placement?: Placement): EntityContext {
  const regions = placement === undefined ? geography.regions.map((region) => region.name) : [...placement.regions];
  const primaryRegion = regions[0] ?? 'primary';
  // Per-jurisdiction writes: inside one jurisdiction's placement, writes go to its first region.
  const multiRegionWrites = entity.writes === 'multi-region' && regions.length > 1;
  return {
    ...(placement === undefined ? {} : { jurisdiction: placement.jurisdiction }),
    spec,
    entity,
    geography,
    regions,
    primaryRegion,
    writeRegions: multiRegionWrites ? regions : [primaryRegion],
    multiRegionWrites,
    durable: entity.money === true || entity.noDoubleBooking === true || entity.rpoMs === 0 || entity.rpoRegionLossMs === 0,
  };
}

/**
 * The strength order of consistency models (0 = strongest).
 *
 * @example
 * ```ts
 * modelStrength.causal < modelStrength.eventual; // true: causal is stronger
 * ```
 */
export const modelStrength: Readonly<Record<ConsistencyModel, number>> = {
  linearizable: 0,
  sequential: 1,
  causal: 2,
  'read-your-writes': 3,
  'bounded-staleness': 4,
  eventual: 5,
};

/**
 * Whether the model needs one ordering point (or a consensus group) for every write.
 *
 * @example
 * ```ts
 * isStrong('sequential'); // true
 * isStrong('causal');     // false
 * ```
 */
export function isStrong(model: ConsistencyModel): boolean {
  return model === 'linearizable' || model === 'sequential';
}
