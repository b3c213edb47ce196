import type { Endpoint } from '../endpoint.js';
import type { Balancer } from './balancer.js';

/**
 * Smooth weighted round robin (nginx's): over any window of total-weight picks each candidate is
 * chosen in proportion to its weight, and heavy instances are interleaved rather than bursted.
 *
 * @example
 * ```ts
 * const balancer = weightedRoundRobin(); // an instance of weight 3 gets 3 of every 4 picks against weight 1
 * ```
 */
export function weightedRoundRobin(): Balancer {
  // Current weights by instance id; stale ids are dropped when the candidate set changes.
  let current = new Map<string, number>();
  let lastSet: readonly Endpoint[] | undefined;
  return {
    name: 'weighted-round-robin',
    pick(candidates: readonly Endpoint[]): Endpoint {
      if (candidates !== lastSet) {
        const next = new Map<string, number>();
        for (const candidate of candidates) next.set(candidate.instance.id, current.get(candidate.instance.id) ?? 0);
        current = next;
        lastSet = candidates;
      }
      let best = candidates[0] as Endpoint;
      let bestWeight = Number.NEGATIVE_INFINITY;
      let total = 0;
      for (const candidate of candidates) {
        const weight = candidate.instance.weight;
        total += weight;
        const updated = (current.get(candidate.instance.id) ?? 0) + weight;
        current.set(candidate.instance.id, updated);
        if (updated > bestWeight) {
          bestWeight = updated;
          best = candidate;
        }
      }
      current.set(best.instance.id, bestWeight - total);
      return best;
    },
  };
}
