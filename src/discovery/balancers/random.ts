import { type Random, type Runtime } from '../../runtime/index.js';
import { checkOptionsObject, runtimeOption } from '../../options.js';
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
  checkOptionsObject('randomChoice', options);
  const random: Random = runtimeOption(options.runtime).random;
  return {
    name: 'random',
    pick: (candidates: readonly Endpoint[]): Endpoint => candidates[random.int(candidates.length)] as Endpoint,
  };
}
