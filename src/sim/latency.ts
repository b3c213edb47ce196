import { invalidOption } from '../errors.js';
import type { Random } from '../runtime/random.js';

/**
 * How long a message takes on a link, as a distribution of milliseconds. Samples below 0 (a
 * normal's left tail) are clamped to 0.
 *
 * @example
 * ```ts
 * const sameZone: LatencyDistribution = { distribution: 'lognormal', medianMs: 0.5, sigma: 0.4 };
 * const crossRegion: LatencyDistribution = { distribution: 'normal', meanMs: 70, sdMs: 5 };
 * ```
 */
export type LatencyDistribution =
  | { readonly distribution: 'constant'; readonly ms: number }
  | { readonly distribution: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly distribution: 'normal'; readonly meanMs: number; readonly sdMs: number }
  | { readonly distribution: 'lognormal'; readonly medianMs: number; readonly sigma: number }
  | { readonly distribution: 'exponential'; readonly meanMs: number };

const distributions: readonly LatencyDistribution['distribution'][] = ['constant', 'uniform', 'normal', 'lognormal', 'exponential'];

/**
 * A sampler for a distribution, checked once: a function from a `Random` to milliseconds.
 *
 * @example
 * ```ts
 * const sample = latencySampler({ distribution: 'uniform', minMs: 1, maxMs: 3 });
 * sample(new Random(7)); // 1 ≤ x ≤ 3
 * ```
 */
export function latencySampler(latency: LatencyDistribution): (random: Random) => number {
  const distribution = typeof latency === 'object' && latency !== null ? (latency as { distribution?: unknown }).distribution : undefined;
  if (!distributions.includes(distribution as LatencyDistribution['distribution'])) {
    throw invalidOption('latency', latency, `{ distribution: ${distributions.join(' | ')}, ... }`);
  }
  switch (latency.distribution) {
    case 'constant': {
      checkNonNegative('ms', latency.ms);
      const ms = latency.ms;
      return () => ms;
    }
    case 'uniform': {
      checkNonNegative('minMs', latency.minMs);
      checkNonNegative('maxMs', latency.maxMs);
      if (latency.maxMs < latency.minMs) throw new RangeError(`Invalid latency: maxMs (${latency.maxMs}) is below minMs (${latency.minMs})`);
      const { minMs, maxMs } = latency;
      return (random) => minMs + random.float() * (maxMs - minMs);
    }
    case 'normal': {
      checkNonNegative('meanMs', latency.meanMs);
      checkNonNegative('sdMs', latency.sdMs);
      const { meanMs, sdMs } = latency;
      return (random) => Math.max(0, random.normal(meanMs, sdMs));
    }
    case 'lognormal': {
      checkPositive('medianMs', latency.medianMs);
      checkNonNegative('sigma', latency.sigma);
      const mu = Math.log(latency.medianMs);
      const sigma = latency.sigma;
      return (random) => random.lognormal(mu, sigma);
    }
    case 'exponential': {
      checkPositive('meanMs', latency.meanMs);
      const meanMs = latency.meanMs;
      return (random) => random.exponential(meanMs);
    }
  }
}

/**
 * A short human description, e.g. `lognormal(median 1ms, σ 0.5)`.
 *
 * @example
 * ```ts
 * describeLatency({ distribution: 'constant', ms: 2 }); // 'constant 2ms'
 * ```
 */
export function describeLatency(latency: LatencyDistribution): string {
  switch (latency.distribution) {
    case 'constant':
      return `constant ${latency.ms}ms`;
    case 'uniform':
      return `uniform ${latency.minMs}–${latency.maxMs}ms`;
    case 'normal':
      return `normal(mean ${latency.meanMs}ms, sd ${latency.sdMs}ms)`;
    case 'lognormal':
      return `lognormal(median ${latency.medianMs}ms, σ ${latency.sigma})`;
    case 'exponential':
      return `exponential(mean ${latency.meanMs}ms)`;
  }
}

function checkNonNegative(name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`Invalid latency ${name}: expected a finite number >= 0, received ${String(value)}`);
}

function checkPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`Invalid latency ${name}: expected a finite number > 0, received ${String(value)}`);
}
