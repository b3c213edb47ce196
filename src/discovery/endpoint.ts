import type { ServiceInstance } from './instance.js';

/**
 * An instance with the load a client sees on it: requests in flight, an exponentially weighted
 * moving average of latency, and failure state for outlier ejection. Balancers read it; the
 * client updates it around each call.
 */
export interface Endpoint {
  /** Replaced in place when the registry reports a change (status, weight), so in-flight counts stay attached. */
  instance: ServiceInstance;
  /** Requests sent and not yet finished. */
  outstanding: number;
  /** EWMA of call latency in ms (0 until the first call finishes). */
  ewmaLatencyMs: number;
  consecutiveFailures: number;
  /** How many times it was ejected (for backing off). */
  ejections: number;
  /** Monotonic ms until which it is ejected (0: not ejected). */
  ejectedUntilMs: number;
}

/** A fresh endpoint for an instance. */
export function endpointOf(instance: ServiceInstance): Endpoint {
  return { instance, outstanding: 0, ewmaLatencyMs: 0, consecutiveFailures: 0, ejections: 0, ejectedUntilMs: 0 };
}
