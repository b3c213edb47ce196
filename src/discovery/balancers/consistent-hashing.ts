import { HashRing } from '../../partitioning/index.js';
import { checkOptionsObject, numberOption } from '../../options.js';
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
  checkOptionsObject('consistentHashing', options);
  const vnodes = numberOption('virtualNodes', options.virtualNodes, 160, { min: 1, max: 100_000, integer: true });
  let lastSet: readonly Endpoint[] | undefined;
  let ring: HashRing | undefined;
  let byId = new Map<string, Endpoint>();
  return {
    name: 'consistent-hashing',
    pick(candidates: readonly Endpoint[], context: PickContext): Endpoint {
      if (candidates !== lastSet || ring === undefined) {
        ring = HashRing.create(
          candidates.map((candidate) => ({ id: candidate.instance.id, weight: candidate.instance.weight })),
          { vnodes },
        );
        byId = new Map(candidates.map((candidate) => [candidate.instance.id, candidate]));
        lastSet = candidates;
      }
      return byId.get(ring.nodeFor(context.key ?? '')) as Endpoint;
    },
  };
}
