/**
 * One cached value with its logical lifetime. Times are wall-clock epoch milliseconds
 * (`runtime.clock.nowMs()`), because an entry travels between processes through the shared L2 —
 * the same choice Redis makes for `PEXPIREAT`.
 *
 * Logical expiry and physical removal are kept apart: an entry is **fresh** until `freshUntilMs`,
 * then **stale but servable** (grace) until `staleUntilMs`, then **dead** (treated as absent). When
 * a tier physically removes it is a separate matter (L1: eviction by size; L2: Redis `PX` at
 * `staleUntilMs`).
 *
 * @example
 * ```ts
 * const entry: CacheEntry<string> = { value: 'v', freshUntilMs: 1_000, staleUntilMs: 61_000, recomputeMs: 12, tags: ['user:1'] };
 * entryState(entry, 500);    // 'fresh'
 * entryState(entry, 2_000);  // 'stale'
 * entryState(entry, 70_000); // 'dead'
 * ```
 */
export interface CacheEntry<V = unknown> {
  readonly value: V;
  /** Until when (epoch ms, exclusive) the value is fresh. `Infinity`: no TTL. */
  readonly freshUntilMs: number;
  /** Until when (epoch ms, exclusive) the value may still be served stale; `>= freshUntilMs`. */
  readonly staleUntilMs: number;
  /** How long the loader took to compute the value (ms): XFetch's delta. 0 when set directly. */
  readonly recomputeMs: number;
  /** Tags for group invalidation. */
  readonly tags: readonly string[];
}

/**
 * Where an entry is in its logical life at a given time.
 *
 * @example
 * ```ts
 * if (entryState(entry, runtime.clock.nowMs()) === 'stale') refreshInBackground();
 * ```
 */
export type EntryState = 'fresh' | 'stale' | 'dead';

/**
 * The logical state of `entry` at `nowMs`.
 *
 * @example
 * ```ts
 * entryState({ value: 1, freshUntilMs: 10, staleUntilMs: 20, recomputeMs: 0, tags: [] }, 15); // 'stale'
 * ```
 */
export function entryState(entry: CacheEntry, nowMs: number): EntryState {
  if (nowMs < entry.freshUntilMs) return 'fresh';
  if (nowMs < entry.staleUntilMs) return 'stale';
  return 'dead';
}
