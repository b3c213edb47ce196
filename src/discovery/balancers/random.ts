import { type Random, systemRuntime, type Runtime } from '../../runtime/index.js';
import type { Endpoint } from '../endpoint.js';
import type { Balancer } from './balancer.js';

/**
 * A uniformly random candidate, from the runtime's seeded generator.
 *
 * @example
 * ```ts
 * const balancer = randomChoice({ runtime: new ManualRuntime({ seed: 1 }) });
 * ```
 */
export function randomChoice(options: { readonly runtime?: Runtime } = {}): Balancer {
  const random: Random = (options.runtime ?? systemRuntime()).random;
  return {
    name: 'random',
    pick: (candidates: readonly Endpoint[]): Endpoint => candidates[random.int(candidates.length)] as Endpoint,
  };
}
