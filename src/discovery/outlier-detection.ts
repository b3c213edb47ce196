import { invalidOption } from '../errors.js';
import { checkOptionsObject, numberOption } from '../options.js';
import type { Endpoint } from './endpoint.js';

/** Options of outlier ejection (Envoy's consecutive-failure detector). */
export interface OutlierDetectionOptions {
  /** Failures in a row that eject an instance. Default 5. */
  readonly consecutiveFailures?: number;
  /** First ejection length; each further ejection of the same instance doubles it. Default 30 s. */
  readonly baseEjectionMs?: number;
  /** Longest ejection. Default 300 s. */
  readonly maxEjectionMs?: number;
  /** Never eject more than this share of the pool (0..1), so a bad deploy cannot empty it. Default 0.5. */
  readonly maxEjectedShare?: number;
}

/**
 * Ejects instances that fail repeatedly, for a backing-off period; a success resets the count.
 *
 * @example
 * ```ts
 * const detector = new OutlierDetector({ consecutiveFailures: 3 });
 * detector.record(endpoint, false, nowMs, pool); // after 3 in a row, endpoint.ejectedUntilMs > nowMs
 * ```
 */
export class OutlierDetector {
  readonly consecutiveFailures: number;
  readonly baseEjectionMs: number;
  readonly maxEjectionMs: number;
  readonly maxEjectedShare: number;

  constructor(options: OutlierDetectionOptions = {}) {
    checkOptionsObject('outlier detection', options);
    this.consecutiveFailures = numberOption('consecutiveFailures', options.consecutiveFailures, 5, { min: 1, integer: true });
    this.baseEjectionMs = numberOption('baseEjectionMs', options.baseEjectionMs, 30_000, { min: 0, exclusiveMin: true, max: 2 ** 31 - 1 });
    this.maxEjectionMs = numberOption('maxEjectionMs', options.maxEjectionMs, 300_000, { min: 0, max: 2 ** 31 - 1 });
    this.maxEjectedShare = numberOption('maxEjectedShare', options.maxEjectedShare, 0.5, { min: 0, max: 1 });
    if (!(this.maxEjectionMs >= this.baseEjectionMs)) throw invalidOption('maxEjectionMs', options.maxEjectionMs, `a number of ms >= baseEjectionMs (${this.baseEjectionMs})`);
    if (!(this.maxEjectedShare >= 0 && this.maxEjectedShare <= 1)) throw invalidOption('maxEjectedShare', options.maxEjectedShare, 'a number from 0 to 1');
  }

  /** Records a call's outcome; returns true when this call ejected the endpoint. */
  record(endpoint: Endpoint, ok: boolean, nowMs: number, pool: readonly Endpoint[]): boolean {
    if (ok) {
      endpoint.consecutiveFailures = 0;
      return false;
    }
    endpoint.consecutiveFailures++;
    if (endpoint.consecutiveFailures < this.consecutiveFailures || endpoint.ejectedUntilMs > nowMs) return false;
    const ejected = pool.filter((candidate) => candidate.ejectedUntilMs > nowMs).length;
    if (ejected + 1 > Math.floor(this.maxEjectedShare * pool.length)) return false;
    const lengthMs = Math.min(this.maxEjectionMs, this.baseEjectionMs * 2 ** endpoint.ejections);
    endpoint.ejections++;
    endpoint.ejectedUntilMs = nowMs + lengthMs;
    endpoint.consecutiveFailures = 0;
    return true;
  }
}
