import { checkOptionsObject, numberOption, optionalString, requiredObjectWith, wrongType } from '../../options.js';
import type { Endpoint } from '../endpoint.js';
import type { Balancer, PickContext } from './balancer.js';

/** Options of {@link zoneAware}. */
export interface ZoneAwareOptions {
  /** The caller's zone. */
  readonly zone: string;
  /** The balancer used within the chosen set. */
  readonly within: Balancer;
  /**
   * Stay in the local zone while it holds at least this share of all candidates (0..1); below it,
   * spread over every zone so a shrunken local zone is not overloaded. Default 0.2.
   */
  readonly minimumLocalShare?: number;
}

/**
 * Prefers instances in the caller's zone (cheaper and faster), and fails over to every zone when
 * the local one has no candidates left or too few to carry its share.
 *
 * @example
 * ```ts
 * const balancer = zoneAware({ zone: 'eu-west-1a', within: powerOfTwoChoices() });
 * ```
 */
export function zoneAware(options: ZoneAwareOptions): Balancer {
  checkOptionsObject('zoneAware', options ?? null);
  optionalString('zone', options.zone);
  if (options.zone === undefined) throw wrongType('zone', options.zone, 'a string');
  requiredObjectWith('within', options.within, ['pick'], 'a Balancer (e.g. roundRobin())');
  const minimumLocalShare = numberOption('minimumLocalShare', options.minimumLocalShare, 0.2, { min: 0, max: 1 });
  let lastSet: readonly Endpoint[] | undefined;
  let local: Endpoint[] = [];
  return {
    name: `zone-aware(${options.within.name})`,
    pick(candidates: readonly Endpoint[], context: PickContext): Endpoint {
      if (candidates !== lastSet) {
        local = candidates.filter((candidate) => candidate.instance.zone === options.zone);
        lastSet = candidates;
      }
      const useLocal = local.length > 0 && local.length >= minimumLocalShare * candidates.length;
      return options.within.pick(useLocal ? local : candidates, context);
    },
  };
}
