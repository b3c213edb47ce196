import { HashRing } from '../../partitioning/index.js';
import type { Endpoint } from '../endpoint.js';
import type { Balancer, PickContext } from './balancer.js';

/**
 * Sticky routing: the same key goes to the same instance while it is a candidate, and only about
 * 1/n of keys move when an instance joins or leaves (a {@link HashRing} with virtual nodes and
 * weights, from pacelc/partitioning). Requests without a key go to a random-looking but stable
 * point (the empty key).
 *
 * @example
 * ```ts
 * const balancer = consistentHashing();
 * client.pick({ key: `session:${sessionId}` });
 * ```
 */
export function consistentHashing(options: { readonly virtualNodes?: number } = {}): Balancer {
  let lastSet: readonly Endpoint[] | undefined;
  let ring: HashRing | undefined;
  let byId = new Map<string, Endpoint>();
  return {
    name: 'consistent-hashing',
    pick(candidates: readonly Endpoint[], context: PickContext): Endpoint {
      if (candidates !== lastSet || ring === undefined) {
        ring = HashRing.create(
          candidates.map((candidate) => ({ id: candidate.instance.id, weight: candidate.instance.weight })),
          { vnodes: options.virtualNodes ?? 160 },
        );
        byId = new Map(candidates.map((candidate) => [candidate.instance.id, candidate]));
        lastSet = candidates;
      }
      return byId.get(ring.nodeFor(context.key ?? '')) as Endpoint;
    },
  };
}
