/**
 * Counts kept per tag.
 *
 * @example
 * ```ts
 * const { hits, misses } = cache.stats().tags['team:7'] ?? { hits: 0, misses: 0 };
 * ```
 */
export interface TagCounts {
  /** Reads answered with a fresh value. */
  hits: number;
  /** Reads that found no servable value (the loader ran or the read returned nothing). */
  misses: number;
  /** Reads answered with a stale value (grace: while refreshing, or because the loader failed). */
  staleServed: number;
  /** Background refreshes started (stale-while-revalidate and XFetch early refreshes). */
  refreshes: number;
  /** Reads that joined a load already in flight instead of starting their own (single-flight). */
  coalesced: number;
}

/**
 * Every count a {@link Cache} keeps, per cache.
 *
 * @example
 * ```ts
 * const { hits, misses, staleServed, coalesced, l2Errors } = cache.stats();
 * const hitRatio = hits / (hits + misses);
 * ```
 */
export interface CacheCounts extends TagCounts {
  /** Of `refreshes`, those started early by XFetch while the value was still fresh. */
  earlyRefreshes: number;
  /** Loader calls. */
  loads: number;
  /** Loader calls that threw. */
  loadErrors: number;
  /** Loaded values not cached because the key was written or invalidated while loading. */
  fencedFills: number;
  /** L2 operations that failed (the cache carried on with L1 and the loader). */
  l2Errors: number;
  /** Misses that waited for another instance holding the distributed lock. */
  lockWaits: number;
  /** Lock waits that gave up and loaded anyway. */
  lockTimeouts: number;
  /** Invalidations published to the bus. */
  busPublished: number;
  /** Publishes that failed after every retry (each is then kept and re-sent until the bus takes it: see `undeliveredInvalidations`). */
  busFailures: number;
  /** Of `busFailures`, the invalidations re-sent later and taken by the bus. */
  busRedelivered: number;
  /** Invalidations received from other instances and applied to L1. */
  busReceived: number;
}

/**
 * The counters of one cache, and per tag for at most `maxTags` tags (the rest are summed under
 * `(other)`), so that a cache keyed by user id cannot grow its metrics without bound.
 *
 * @example
 * ```ts
 * const stats = new CacheStats(100);
 * stats.count('hits', ['users']);
 * stats.snapshot().tags.users.hits; // 1
 * ```
 */
export class CacheStats {
  readonly counts: CacheCounts = {
    hits: 0, misses: 0, staleServed: 0, refreshes: 0, coalesced: 0, earlyRefreshes: 0, loads: 0, loadErrors: 0,
    fencedFills: 0, l2Errors: 0, lockWaits: 0, lockTimeouts: 0, busPublished: 0, busFailures: 0, busRedelivered: 0, busReceived: 0,
  };
  private readonly tags = new Map<string, TagCounts>();

  constructor(private readonly maxTags: number) {}

  /** Adds one to `name`, for the cache and for each of `tags`. */
  count(name: keyof TagCounts, tags: readonly string[]): void {
    this.counts[name]++;
    for (let index = 0; index < tags.length; index++) this.forTag(tags[index] as string)[name]++;
  }

  /** A copy of every count, with per-tag counts. */
  snapshot(): CacheCounts & { tags: Record<string, TagCounts> } {
    const tags: Record<string, TagCounts> = {};
    for (const [tag, counts] of this.tags) tags[tag] = { ...counts };
    return { ...this.counts, tags };
  }

  private forTag(tag: string): TagCounts {
    let counts = this.tags.get(tag);
    if (counts === undefined) {
      const key = this.tags.size >= this.maxTags ? '(other)' : tag;
      counts = this.tags.get(key);
      if (counts === undefined) {
        counts = { hits: 0, misses: 0, staleServed: 0, refreshes: 0, coalesced: 0 };
        this.tags.set(key, counts);
      }
    }
    return counts;
  }
}
