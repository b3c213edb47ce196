import type { Endpoint } from '../endpoint.js';
import type { Balancer } from './balancer.js';

/**
 * Smooth weighted round robin (nginx's): over any window of total-weight picks each candidate is
 * chosen in proportion to its weight, and heavy instances are interleaved rather than bursted.
 * O(n) per pick over typed arrays; the running weights carry over (by instance id) when the
 * candidate set changes.
 *
 * @example
 * ```ts
 * const balancer = weightedRoundRobin(); // an instance of weight 3 gets 3 of every 4 picks against weight 1
 * ```
 */
export function weightedRoundRobin(): Balancer {
  let lastSet: readonly Endpoint[] | undefined;
  let weights = new Float64Array(0);
  let current = new Float64Array(0);
  let total = 0;
  return {
    name: 'weighted-round-robin',
    pick(candidates: readonly Endpoint[]): Endpoint {
      if (candidates !== lastSet) {
        const carried = new Map<string, number>();
        lastSet?.forEach((endpoint, index) => carried.set(endpoint.instance.id, current[index] as number));
        weights = Float64Array.from(candidates, (candidate) => candidate.instance.weight);
        current = Float64Array.from(candidates, (candidate) => carried.get(candidate.instance.id) ?? 0);
        total = weights.reduce((sum, weight) => sum + weight, 0);
        lastSet = candidates;
      }
      let best = 0;
      let bestWeight = Number.NEGATIVE_INFINITY;
      for (let index = 0; index < weights.length; index++) {
        const updated = (current[index] as number) + (weights[index] as number);
        current[index] = updated;
        if (updated > bestWeight) {
          bestWeight = updated;
          best = index;
        }
      }
      current[best] = bestWeight - total;
      return candidates[best] as Endpoint;
    },
  };
}
