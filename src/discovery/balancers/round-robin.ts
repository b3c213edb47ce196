import type { Endpoint } from '../endpoint.js';
import type { Balancer } from './balancer.js';

/**
 * Each candidate in turn.
 *
 * @example
 * ```ts
 * const balancer = roundRobin();
 * ```
 */
export function roundRobin(): Balancer {
  let cursor = 0;
  return {
    name: 'round-robin',
    pick(candidates: readonly Endpoint[]): Endpoint {
      if (cursor >= candidates.length) cursor = 0;
      return candidates[cursor++] as Endpoint;
    },
  };
}
