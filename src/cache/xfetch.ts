import type { Random } from '../runtime/index.js';

/**
 * XFetch: whether to recompute a still-fresh value early, so that one request refreshes a hot key
 * shortly before it expires instead of every request stampeding after it does. The probability
 * rises as expiry nears and with the value's recompute time `recomputeMs` (delta):
 * refresh when `now - delta * beta * ln(u) >= expiry`, `u` uniform in (0, 1]. β = 1 is optimal in
 * the paper's model; β > 1 refreshes earlier, β < 1 later, 0 never.
 *
 * Vattani, Chierichetti & Lowenstein, "Optimal Probabilistic Cache Stampede Prevention",
 * PVLDB 8(8), 2015.
 *
 * @example
 * ```ts
 * // A value that takes 200 ms to compute, 100 ms before expiry: refreshed early ~39% of the time at β = 1.
 * shouldRefreshEarly({ nowMs: 9_900, freshUntilMs: 10_000, recomputeMs: 200, beta: 1, random });
 * ```
 */
export function shouldRefreshEarly(input: { nowMs: number; freshUntilMs: number; recomputeMs: number; beta: number; random: Random }): boolean {
  const { nowMs, freshUntilMs, recomputeMs, beta } = input;
  if (!(beta > 0) || !(recomputeMs > 0) || !Number.isFinite(freshUntilMs)) return false;
  const u = 1 - input.random.float(); // (0, 1]
  return nowMs - recomputeMs * beta * Math.log(u) >= freshUntilMs;
}
