import { invalidOption } from '../../errors.js';
import { type RatioThresholds, ratios, type TripStrategy } from './trip-strategy.js';

/**
 * Options of {@link countWindow}.
 *
 * @example
 * ```ts
 * countWindow({ size: 50, minimumCalls: 10, failureRatio: 0.5 });
 * ```
 */
export interface CountWindowOptions extends RatioThresholds {
  /** How many of the latest calls the ratios are taken over (1..100,000). */
  readonly size: number;
  /** Fewest calls in the window before it may trip. Default `size`. */
  readonly minimumCalls?: number;
}

const failedBit = 1;
const slowBit = 2;

/**
 * Opens when the failure ratio (or the slow-call ratio) over the last `size` calls reaches its
 * threshold, once at least `minimumCalls` were seen (resilience4j's COUNT_BASED window). O(1) per
 * call, one byte per slot.
 *
 * @example
 * ```ts
 * circuitBreaker({ trip: countWindow({ size: 100, minimumCalls: 20, failureRatio: 0.5, slowCallRatio: 0.8 }), slowCallMs: 1_000 });
 * ```
 */
export function countWindow(options: CountWindowOptions): TripStrategy {
  const { size } = options;
  if (!Number.isSafeInteger(size) || size < 1 || size > 100_000) throw invalidOption('size', size, 'an integer in [1, 100000]');
  const minimumCalls = options.minimumCalls ?? size;
  if (!Number.isSafeInteger(minimumCalls) || minimumCalls < 1 || minimumCalls > size) throw invalidOption('minimumCalls', minimumCalls, `an integer in [1, ${size}]`);
  const { failureRatio, slowCallRatio } = ratios(options);
  const slots = new Uint8Array(size);
  let next = 0;
  let calls = 0;
  let failures = 0;
  let slow = 0;
  const push = (outcome: number): void => {
    if (calls === size) {
      const evicted = slots[next] as number;
      if (evicted & failedBit) failures--;
      if (evicted & slowBit) slow--;
    } else {
      calls++;
    }
    slots[next] = outcome;
    if (outcome & failedBit) failures++;
    if (outcome & slowBit) slow++;
    next = next + 1 === size ? 0 : next + 1;
  };
  return {
    needsTime: false,
    record(failed, isSlow) {
      push((failed ? failedBit : 0) | (isSlow ? slowBit : 0));
      return calls >= minimumCalls && (failures >= failureRatio * calls || slow >= slowCallRatio * calls);
    },
    reset() {
      slots.fill(0);
      next = calls = failures = slow = 0;
    },
    toJSON() {
      const outcomes: number[] = [];
      for (let i = 0; i < calls; i++) outcomes.push(slots[(next - calls + i + size) % size] as number);
      return { outcomes };
    },
    restore(state) {
      const outcomes = (state as { outcomes?: unknown } | null)?.outcomes;
      if (!Array.isArray(outcomes)) return;
      this.reset();
      for (const outcome of outcomes.slice(-size)) if (typeof outcome === 'number') push(outcome & (failedBit | slowBit));
    },
  };
}
