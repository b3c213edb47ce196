import { type Runtime } from '../../runtime/index.js';
import { checkOptionsObject, oneOf, runtimeOption } from '../../options.js';
import type { Endpoint } from '../endpoint.js';
import type { Balancer } from './balancer.js';

/**
 * The candidate with the fewest requests in flight (ties broken at random so that idle instances
 * share the load). O(n) per pick: prefer {@link powerOfTwoChoices} for large pools.
 *
 * @example
 * ```ts
 * const balancer = leastOutstanding();
 * ```
 */
export function leastOutstanding(options: { readonly runtime?: Runtime } = {}): Balancer {
  checkOptionsObject('leastOutstanding', options);
  const random = runtimeOption(options.runtime).random;
  return {
    name: 'least-outstanding',
    pick(candidates: readonly Endpoint[]): Endpoint {
      const start = random.int(candidates.length);
      let best = candidates[start] as Endpoint;
      for (let offset = 1; offset < candidates.length; offset++) {
        const candidate = candidates[(start + offset) % candidates.length] as Endpoint;
        if (candidate.outstanding < best.outstanding) best = candidate;
      }
      return best;
    },
  };
}

/** Options of {@link powerOfTwoChoices}. */
export interface PowerOfTwoChoicesOptions {
  readonly runtime?: Runtime;
  /**
   * `outstanding`: fewer requests in flight wins (Envoy's least-request). `ewma`: lower
   * latency × (outstanding + 1) wins (Finagle's peak-EWMA cost), which also steers away from slow
   * instances that are not yet overloaded. Default `outstanding`.
   */
  readonly by?: 'outstanding' | 'ewma';
}

/**
 * Power of two choices: sample two distinct candidates at random and take the less loaded. Nearly
 * as good as least-outstanding at O(1) per pick, and it never herds every client onto the one
 * instance that looks idle (Mitzenmacher 2001).
 *
 * @example
 * ```ts
 * const balancer = powerOfTwoChoices({ by: 'ewma' });
 * ```
 */
export function powerOfTwoChoices(options: PowerOfTwoChoicesOptions = {}): Balancer {
  checkOptionsObject('powerOfTwoChoices', options);
  const random = runtimeOption(options.runtime).random;
  oneOf('by', options.by, ['outstanding', 'ewma']);
  const byLatency = options.by === 'ewma';
  const cost = byLatency ? (endpoint: Endpoint) => (endpoint.ewmaLatencyMs + 1) * (endpoint.outstanding + 1) : (endpoint: Endpoint) => endpoint.outstanding;
  return {
    name: byLatency ? 'p2c-ewma' : 'p2c-least-outstanding',
    pick(candidates: readonly Endpoint[]): Endpoint {
      const count = candidates.length;
      if (count === 1) return candidates[0] as Endpoint;
      const first = random.int(count);
      let second = random.int(count - 1);
      if (second >= first) second++;
      const a = candidates[first] as Endpoint;
      const b = candidates[second] as Endpoint;
      return cost(b) < cost(a) ? b : a;
    },
  };
}
