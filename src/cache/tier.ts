import type { CacheEntry } from './entry.js';

/**
 * A value or a promise of it: L1 answers synchronously, L2 asynchronously.
 *
 * @example
 * ```ts
 * const read: MaybePromise<CacheEntry | undefined> = tier.get('k');
 * const entry = isPromise(read) ? await read : read;
 * ```
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Options of {@link CacheTier.set}.
 *
 * @example
 * ```ts
 * const fence = await l2.fence!('k');
 * const value = await load();
 * await l2.set('k', entryOf(value), { fence }); // false if a write came in between
 * ```
 */
export interface TierSetOptions {
  /**
   * Write only if the key's invalidation fence still has this value (read with
   * {@link CacheTier.fence} before loading): a fill that raced with a write or an invalidation is
   * dropped instead of caching a value older than the write. Every successful write moves the
   * fence (compare-and-bump), so of two writers holding the same fence only the first lands.
   */
  readonly fence?: number;
}

/**
 * One storage tier of a cache: the in-process {@link MemoryTier} (L1), `RedisTier` from
 * `pacelc/cache/redis` (L2), or your own. Tiers store {@link CacheEntry}s and know nothing of
 * loaders, stampedes or buses — that is {@link Cache}'s job. Every implementation passes the same
 * contract suite (`src/cache/cache.contract.ts`).
 *
 * @example
 * ```ts
 * class MapTier implements CacheTier {
 *   readonly kind = 'map';
 *   private readonly map = new Map<string, CacheEntry>();
 *   get(key: string) { return this.map.get(key); }
 *   // ... set, delete, expire, deleteTag, expireTag, deletePrefix, expirePrefix, clear
 * }
 * ```
 */
export interface CacheTier {
  /** A short name for metrics and errors (`memory`, `redis`). */
  readonly kind: string;
  /** The entry for `key` unless absent or dead. */
  get(key: string): MaybePromise<CacheEntry | undefined>;
  /** Stores `entry`; false if it was not stored (too large, or the fence moved). */
  set(key: string, entry: CacheEntry, options?: TierSetOptions): MaybePromise<boolean>;
  /** Removes `key`; true if it was there. */
  delete(key: string): MaybePromise<boolean>;
  /** Ends the fresh life of `key` at `nowMs`, keeping its grace; true if it was there. */
  expire(key: string, nowMs: number): MaybePromise<boolean>;
  /** Removes every entry tagged `tag`; returns how many. */
  deleteTag(tag: string): MaybePromise<number>;
  /** Expires every entry tagged `tag`; returns how many. */
  expireTag(tag: string, nowMs: number): MaybePromise<number>;
  /** Removes every key starting with `prefix`; returns how many. */
  deletePrefix(prefix: string): MaybePromise<number>;
  /** Expires every key starting with `prefix`; returns how many. */
  expirePrefix(prefix: string, nowMs: number): MaybePromise<number>;
  /** Removes every entry of this tier (for a shared tier: of this cache's namespace). */
  clear(): MaybePromise<void>;
  /** The key's invalidation fence, for conditional fills (shared tiers only). */
  fence?(key: string): MaybePromise<number>;
  /** {@link CacheTier.get} and {@link CacheTier.fence} in one round trip (optional; saves one on every miss). */
  getWithFence?(key: string): Promise<{ entry: CacheEntry | undefined; fence: number }>;
}

/**
 * True when `value` is a promise (or thenable).
 *
 * @example
 * ```ts
 * isPromise(Promise.resolve(1)); // true
 * isPromise(1);                  // false
 * ```
 */
export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
