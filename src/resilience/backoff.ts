import { invalidOption } from '../errors.js';
import type { Random } from '../runtime/index.js';

/**
 * How long to wait before the next try. Pure: the state it needs (the retry number and the
 * previous delay) is passed in, so one backoff serves every call.
 *
 * @example
 * ```ts
 * const backoff: Backoff = { delayMs: (retry) => 100 * retry }; // linear
 * retry({ backoff });
 * ```
 */
export interface Backoff {
  /**
   * The delay before retry number `retry` (1 for the first retry), given the delay used before the
   * previous one (0 before the first) and the runtime's random source.
   */
  delayMs(retry: number, previousDelayMs: number, random: Random): number;
}

/**
 * The same delay every time.
 *
 * @example
 * ```ts
 * retry({ backoff: constantBackoff(250) });
 * ```
 */
export function constantBackoff(delayMs: number): Backoff {
  checkMs('delayMs', delayMs);
  return { delayMs: () => delayMs };
}

/**
 * How an exponential backoff spreads its delays (AWS Architecture Blog, "Exponential Backoff and Jitter").
 *
 * @example
 * ```ts
 * exponentialBackoff({ jitter: 'equal' }); // half fixed, half random
 * ```
 */
export type Jitter = 'none' | 'full' | 'equal';

/**
 * Options of {@link exponentialBackoff}.
 *
 * @example
 * ```ts
 * const options: ExponentialBackoffOptions = { initialMs: 50, maxMs: 5_000, multiplier: 3, jitter: 'full' };
 * ```
 */
export interface ExponentialBackoffOptions {
  /** Delay before the first retry (before jitter). Default 100. */
  readonly initialMs?: number;
  /** Cap on any delay. Default 30,000. */
  readonly maxMs?: number;
  /** Growth per retry. Default 2. */
  readonly multiplier?: number;
  /** `none`: exactly initial·multiplierⁿ; `full`: uniform in [0, that]; `equal`: half fixed, half random. Default `full`. */
  readonly jitter?: Jitter;
}

/**
 * initial · multiplier^(retry−1), capped, with optional jitter so that clients that failed together
 * do not retry together.
 *
 * @example
 * ```ts
 * retry({ backoff: exponentialBackoff({ initialMs: 50, maxMs: 2_000, jitter: 'equal' }) });
 * ```
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): Backoff {
  const initialMs = options.initialMs ?? 100;
  const maxMs = options.maxMs ?? 30_000;
  const multiplier = options.multiplier ?? 2;
  const jitter = options.jitter ?? 'full';
  checkMs('initialMs', initialMs);
  checkMs('maxMs', maxMs);
  if (!(multiplier >= 1) || !Number.isFinite(multiplier)) throw invalidOption('multiplier', multiplier, 'a finite number >= 1');
  if (jitter !== 'none' && jitter !== 'full' && jitter !== 'equal') throw invalidOption('jitter', jitter, '"none", "full" or "equal"');
  return {
    delayMs(retry, _previousDelayMs, random) {
      const ceilingMs = Math.min(maxMs, initialMs * multiplier ** (retry - 1));
      switch (jitter) {
        case 'none':
          return ceilingMs;
        case 'full':
          return random.float() * ceilingMs;
        case 'equal':
          return ceilingMs / 2 + (random.float() * ceilingMs) / 2;
      }
    },
  };
}

/**
 * Options of {@link decorrelatedJitterBackoff}.
 *
 * @example
 * ```ts
 * decorrelatedJitterBackoff({ initialMs: 20, maxMs: 2_000 });
 * ```
 */
export interface DecorrelatedJitterOptions {
  /** The smallest delay, and the base of growth. Default 100. */
  readonly initialMs?: number;
  /** Cap on any delay. Default 30,000. */
  readonly maxMs?: number;
}

/**
 * Decorrelated jitter (the default of {@link retry}): each delay is uniform in
 * [initial, 3 × previous], capped. It spreads retries as well as full jitter while growing
 * roughly exponentially, and needs no retry count.
 *
 * @example
 * ```ts
 * retry({ backoff: decorrelatedJitterBackoff({ initialMs: 20, maxMs: 1_000 }) });
 * ```
 */
export function decorrelatedJitterBackoff(options: DecorrelatedJitterOptions = {}): Backoff {
  const initialMs = options.initialMs ?? 100;
  const maxMs = options.maxMs ?? 30_000;
  checkMs('initialMs', initialMs);
  checkMs('maxMs', maxMs);
  return {
    delayMs(_retry, previousDelayMs, random) {
      const upperMs = Math.max(initialMs, previousDelayMs * 3);
      return Math.min(maxMs, initialMs + random.float() * (upperMs - initialMs));
    },
  };
}

function checkMs(option: string, value: number): void {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) throw invalidOption(option, value, 'a finite number >= 0');
}
