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
  /** Acknowledged writes must never be lost: money, no double booking, or an RPO of 0. */
  readonly durable: boolean;
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
export function entityContext(spec: Spec, entity: EntitySpec, geography: Geography): EntityContext {
  const regions = geography.regions.map((region) => region.name);
  const primaryRegion = regions[0] ?? 'primary';
  const multiRegionWrites = entity.writes === 'multi-region' && regions.length > 1;
  return {
    spec,
    entity,
    geography,
    regions,
    primaryRegion,
    writeRegions: multiRegionWrites ? regions : [primaryRegion],
    multiRegionWrites,
    durable: entity.money === true || entity.noDoubleBooking === true || entity.rpoMs === 0,
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
