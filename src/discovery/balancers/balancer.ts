import type { Endpoint } from '../endpoint.js';

/** What a pick may depend on: a key for sticky routing, the caller's zone. */
export interface PickContext {
  /** For consistent-hashing balancers: requests with the same key go to the same instance. */
  readonly key?: string;
}

/**
 * Chooses one endpoint among the candidates a client offers (passing, not ejected, never empty).
 * Implementations keep their own small state (a cursor, a ring) and must not allocate per pick.
 *
 * @example
 * ```ts
 * const balancer = powerOfTwoChoices({ runtime });
 * const endpoint = balancer.pick(candidates, {});
 * ```
 */
export interface Balancer {
  readonly name: string;
  pick(candidates: readonly Endpoint[], context: PickContext): Endpoint;
}
