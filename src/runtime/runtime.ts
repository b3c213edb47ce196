import type { Clock } from './clock.js';
import type { Random } from './random.js';
import type { Timers } from './timers.js';

/**
 * Everything a pacelc component needs from the outside world: time, timers and chance. Every
 * module takes one in its options (`{ runtime }`), defaulting to {@link systemRuntime}; tests pass
 * a `ManualRuntime` and the simulator passes its own, which is what makes runs reproducible.
 *
 * @example
 * ```ts
 * import { systemRuntime, ManualRuntime } from 'pacelc/runtime';
 * const production = systemRuntime();
 * const test = new ManualRuntime({ seed: 42 });
 * ```
 */
export interface Runtime extends Timers {
  readonly clock: Clock;
  readonly random: Random;
}

/** The shape of `{ runtime?: Runtime }` that every module's options extend. */
export interface RuntimeOptions {
  /** Where time, timers and chance come from. Default: `systemRuntime()`. */
  readonly runtime?: Runtime;
}
