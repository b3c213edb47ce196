import { checkOptionsObject, numberOption, oneOf, optionalFunction, optionalObjectWith, runtimeOption, wrongType } from '../options.js';
import { invalidOption } from '../errors.js';
import { type Clock, type Runtime, type RuntimeOptions, type TimerHandle } from '../runtime/index.js';
import { CacheBusTimeoutError, CacheTierTimeoutError, checkCacheKey } from './cache-errors.js';
import { CacheNamespace } from './cache-namespace.js';
import { CacheStats, type CacheCounts, type TagCounts } from './cache-stats.js';
import type { DistributedLock } from './distributed-lock.js';
import { entryState, type CacheEntry } from './entry.js';
import type { BusSubscription, InvalidationBus, InvalidationMessage } from './invalidation-bus.js';
import { deadlines, resolveLifetime, type Lifetime, type ResolvedLifetime } from './lifetime.js';
import { MemoryTier, type MemoryTierOptions } from './memory-tier.js';
import type { CacheTier, MaybePromise } from './tier.js';
import { shouldRefreshEarly } from './xfetch.js';

/**
 * What a loader is told about the load it is asked to do.
 *
 * @example
 * ```ts
 * await cache.getOrSet('feed', ({ key, staleValue }) => api.feed({ ifNoneMatch: staleValue?.etag }));
 * ```
 */
export interface LoadContext<V> {
  readonly key: string;
  /** The stale value being refreshed, when there is one (e.g. for conditional requests). */
  readonly staleValue: V | undefined;
}

/**
 * Computes the value of a key from the source of truth.
 *
 * @example
 * ```ts
 * const loadUser: Loader<User> = ({ key }) => db.user(key.slice('user:'.length));
 * ```
 */
export type Loader<V> = (context: LoadContext<V>) => V | Promise<V>;

/**
 * Lifetime and tags of one write.
 *
 * @example
 * ```ts
 * await cache.set('user:1', user, { ttlMs: 60_000, graceMs: 600_000, tags: ['org:7'] });
 * ```
 */
export interface EntryOptions extends Lifetime {
  /** Tags for {@link Cache.deleteTag} / {@link Cache.expireTag}, and for per-tag counts. */
  readonly tags?: readonly string[];
}

/**
 * Options of one {@link Cache.getOrSet}.
 *
 * @example
 * ```ts
 * await cache.getOrSet('report', build, { ttlMs: 300_000, xfetchBeta: 2, staleWhileRevalidate: true });
 * ```
 */
export interface GetOrSetOptions extends EntryOptions {
  /** Serve a stale value at once and refresh it in the background. Default: the cache's. */
  readonly staleWhileRevalidate?: boolean;
  /** XFetch β for this key (0: no early refresh). Default: the cache's. */
  readonly xfetchBeta?: number;
}

/**
 * What {@link CacheOptions.onError} is told about a failure the cache absorbed.
 *
 * @example
 * ```ts
 * new Cache({ onError: (error, { operation, key }) => logger.warn({ error, operation, key }, 'cache degraded') });
 * ```
 */
export interface CacheErrorContext {
  readonly operation: 'l2' | 'lock' | 'bus' | 'refresh' | 'subscribe';
  readonly key?: string;
}

/**
 * Options of {@link Cache}. Lifetime fields are the defaults of every write.
 *
 * @example
 * ```ts
 * const options: CacheOptions = { ttlMs: 60_000, graceMs: 600_000, jitter: 0.1, l1: { maxEntries: 10_000 }, l1MaxTtlMs: 30_000 };
 * ```
 */
export interface CacheOptions extends RuntimeOptions, Lifetime {
  /** A name for metrics and the instance id. Default `cache`. */
  readonly name?: string;
  /** The in-process tier: an instance, its options, or `false` for none. Default `new MemoryTier()`. */
  readonly l1?: MemoryTier | MemoryTierOptions | false;
  /** A shared tier (e.g. `RedisTier`). Default none. */
  readonly l2?: CacheTier;
  /**
   * Most ms a value read from L2 stays fresh in L1: bounds how long an instance can serve a value
   * whose invalidation message it missed. Default `Infinity` (rely on the bus).
   */
  readonly l1MaxTtlMs?: number;
  /** Carries invalidations to the other instances' L1s. */
  readonly bus?: InvalidationBus;
  /** Retries of a failed publish, with exponential backoff from 50 ms up to 2 s. Default 5. After them the invalidation is kept and re-sent every 2 s until the bus takes it (at most 100 kept, then collapsed into one `clear`). */
  readonly busRetries?: number;
  /** Most ms a write waits for the bus to confirm a publish; then `CacheBusTimeoutError` goes to `onError` and the publish is retried in the background. Default 1,000. */
  readonly busTimeoutMs?: number;
  /** Lets only one instance at a time recompute a missing key (needs `l2`). */
  readonly lock?: DistributedLock;
  /** Lease of the distributed lock in ms; longer than your slowest loader. Default 10,000. */
  readonly lockTtlMs?: number;
  /** Most ms an instance waits for another's recompute before loading itself. Default 5,000. */
  readonly lockWaitMs?: number;
  /** XFetch β: > 1 refreshes earlier, < 1 later, 0 turns early refresh off. Default 1. */
  readonly xfetchBeta?: number;
  /** Serve stale (within grace) at once and refresh in the background. Default true. */
  readonly staleWhileRevalidate?: boolean;
  /**
   * Longest wait for one L2 call, in ms (0..2^31-1): past it the call counts as an L2 failure
   * ({@link CacheTierTimeoutError}), so an L2 that hangs — an ioredis client on its defaults
   * queues and retries for about 10 s during an outage — costs a request at most this. Default 1,000.
   */
  readonly l2TimeoutMs?: number;
  /** After an L2 failure, skip L2 for this many ms (a circuit breaker). Default 1,000. */
  readonly l2RetryAfterMs?: number;
  /** Invalidations kept for replay into L2 after it failed; L2 is not read until they are replayed. Default 10,000. */
  readonly maxPendingL2Invalidations?: number;
  /** Tags with their own counts; the rest are summed under `(other)`. Default 1,000. */
  readonly maxTrackedTags?: number;
  /** This instance's id on the bus. Default `<name>-<random hex>`. */
  readonly instanceId?: string;
  /** Told about every failure the cache absorbed (L2, lock, bus, background refresh). */
  readonly onError?: (error: unknown, context: CacheErrorContext) => void;
}

/**
 * What {@link Cache.stats} returns.
 *
 * @example
 * ```ts
 * const snapshot: CacheStatsSnapshot = cache.stats();
 * metrics.gauge('cache_l1_entries', snapshot.l1?.entries ?? 0);
 * ```
 */
export interface CacheStatsSnapshot extends CacheCounts {
  /** Counts per tag (at most `maxTrackedTags`, the rest under `(other)`). */
  readonly tags: Record<string, TagCounts>;
  /** L1's occupancy and evictions, when there is an L1. */
  readonly l1: { readonly entries: number; readonly bytes: number; readonly evictions: number } | undefined;
  /** Invalidations waiting to be replayed into L2 (which is not read until they are). */
  readonly pendingL2Invalidations: number;
  /** Invalidations this instance could not publish, kept and re-sent every 2 s until the bus takes them. */
  readonly undeliveredInvalidations: number;
}

/**
 * Which entries an invalidation names.
 *
 * @example
 * ```ts
 * const targets: InvalidationTargets = { keys: ['user:1'], tags: ['org:7'], prefixes: ['search:'] };
 * ```
 */
export interface InvalidationTargets {
  readonly keys?: readonly string[];
  readonly tags?: readonly string[];
  readonly prefixes?: readonly string[];
}

interface Invalidation extends InvalidationTargets {
  readonly action: InvalidationMessage['action'];
}

interface Flight {
  promise: Promise<unknown>;
  /** Set when the key was written or invalidated while loading: the result is returned but not cached. */
  invalidated: boolean;
  readonly tags: readonly string[];
}

const noTags: readonly string[] = Object.freeze([]);
const noOptions: GetOrSetOptions = Object.freeze({});
const noop = (): void => {};
/** Most invalidations kept for re-sending after the bus refused them; beyond it they collapse into one `clear`. */
const MAX_UNDELIVERED = 100;
/** How often undelivered invalidations are re-sent. */
const REDELIVERY_MS = 2_000;

/**
 * A cache over an in-process L1 and an optional shared L2, with cache-aside `getOrSet`,
 * stampede protection and invalidation:
 *
 * - **Expiry**: each entry is fresh for `ttlMs` (minus random `jitter`), then stale but servable
 *   for `graceMs`, then dead. `expire` ends freshness and keeps grace; `delete` removes.
 * - **Single-flight**: concurrent misses of one key on this instance share one load.
 * - **Stale-while-revalidate**: a stale hit is served at once and refreshed in the background;
 *   if the loader fails, the stale value keeps being served until its grace ends.
 * - **XFetch**: a hit shortly before expiry may refresh early, with a probability that rises with
 *   the entry's measured recompute time (Vattani et al., VLDB 2015).
 * - **Distributed lock** (optional): only one instance recomputes a missing key; the others wait
 *   for its result in L2.
 * - **Invalidation** by key, tag and prefix, applied to L1 and L2 and published on the bus; fills
 *   that raced with an invalidation are fenced out instead of caching an old value.
 * - **Degradation**: an L2 failure never fails a request; the cache carries on with L1 and the
 *   loader, and replays missed invalidations into L2 before trusting it again.
 *
 * @example
 * ```ts
 * import { Cache } from 'pacelc/cache';
 * const cache = new Cache({ ttlMs: 60_000, graceMs: 600_000, jitter: 0.1, l1: { maxEntries: 50_000 } });
 * const user = await cache.getOrSet(`user:${id}`, () => db.findUser(id), { tags: [`team:${teamId}`] });
 * await cache.deleteTag(`team:${teamId}`);
 * ```
 */
export class Cache {
  readonly name: string;
  readonly instanceId: string;
  /** The in-process tier, if any. */
  readonly l1: MemoryTier | undefined;
  /** The shared tier, if any. */
  readonly l2: CacheTier | undefined;

  private readonly runtime: Runtime;
  private readonly clock: Clock;
  private readonly defaults: ResolvedLifetime;
  private readonly l1MaxTtlMs: number;
  private readonly bus: InvalidationBus | undefined;
  private readonly busRetries: number;
  private readonly busTimeoutMs: number;
  /** Publishes that failed every retry: re-sent every 2 s until the bus takes them (other instances may hold what they invalidate). */
  private undelivered: InvalidationMessage[] = [];
  private redeliveryTimer: TimerHandle | undefined;
  private readonly lock: DistributedLock | undefined;
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private readonly xfetchBeta: number;
  private readonly staleWhileRevalidate: boolean;
  private readonly l2RetryAfterMs: number;
  private readonly l2TimeoutMs: number;
  private readonly maxPendingL2Invalidations: number;
  private readonly onError: (error: unknown, context: CacheErrorContext) => void;
  private readonly counters: CacheStats;
  private readonly flights = new Map<string, Flight>();
  private readonly refreshes = new Map<string, Flight>();
  /** Write-through writes between their invalidation and their cache write. */
  private readonly writes = new Map<Flight, string>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly pendingL2: Invalidation[] = [];
  private drainingL2: Promise<void> | undefined;
  private l2DownUntilMs = -Infinity;
  /** Moves on every local write and every invalidation: an L2 read that straddles one must not be copied into L1. */
  private epoch = 0;
  private readonly subscription: Promise<BusSubscription> | undefined;
  private closed = false;

  constructor(options: CacheOptions = {}) {
    checkOptionsObject('Cache', options);
    optionalObjectWith('l2', options.l2, ['get', 'set', 'delete', 'deleteTag', 'deletePrefix', 'clear'], 'a CacheTier (e.g. new RedisTier(redis))');
    optionalObjectWith('bus', options.bus, ['publish', 'subscribe'], 'an InvalidationBus');
    optionalObjectWith('lock', options.lock, ['acquire', 'release'], 'a DistributedLock');
    if (options.l1 !== undefined && options.l1 !== false && (typeof options.l1 !== 'object' || options.l1 === null)) throw wrongType('l1', options.l1, 'false, a MemoryTier or MemoryTierOptions');
    if (options.name !== undefined && typeof options.name !== 'string') throw wrongType('name', options.name, 'a string');
    oneOf('staleWhileRevalidate', options.staleWhileRevalidate, [true, false]);
    optionalFunction('onError', options.onError);
    this.runtime = runtimeOption(options.runtime);
    this.clock = this.runtime.clock;
    this.name = options.name ?? 'cache';
    this.defaults = resolveLifetime(options);
    this.l1 = options.l1 === false ? undefined : options.l1 instanceof MemoryTier ? options.l1 : new MemoryTier({ runtime: this.runtime, ...options.l1 });
    this.l2 = options.l2;
    this.l1MaxTtlMs = positive('l1MaxTtlMs', options.l1MaxTtlMs, Infinity);
    this.bus = options.bus;
    this.busRetries = integer('busRetries', options.busRetries, 5);
    this.busTimeoutMs = numberOption('busTimeoutMs', options.busTimeoutMs, 1_000, { min: 0, exclusiveMin: true, max: 2 ** 31 - 1 });
    this.lock = options.lock;
    this.lockTtlMs = positive('lockTtlMs', options.lockTtlMs, 10_000);
    this.lockWaitMs = nonNegative('lockWaitMs', options.lockWaitMs, 5_000);
    this.xfetchBeta = nonNegative('xfetchBeta', options.xfetchBeta, 1);
    this.staleWhileRevalidate = options.staleWhileRevalidate ?? true;
    this.l2RetryAfterMs = nonNegative('l2RetryAfterMs', options.l2RetryAfterMs, 1_000);
    this.l2TimeoutMs = positive('l2TimeoutMs', options.l2TimeoutMs, 1_000);
    if (this.l2TimeoutMs > 2 ** 31 - 1) throw invalidOption('l2TimeoutMs', options.l2TimeoutMs, 'a number of ms in (0, 2147483647]');
    this.maxPendingL2Invalidations = integer('maxPendingL2Invalidations', options.maxPendingL2Invalidations, 10_000);
    this.counters = new CacheStats(integer('maxTrackedTags', options.maxTrackedTags, 1_000));
    this.onError = options.onError ?? noop;
    if (this.l1 === undefined && this.l2 === undefined) throw invalidOption('l1', options.l1, 'an L1 or an l2 (a cache needs a tier)');
    if (this.lock !== undefined && this.l2 === undefined) throw invalidOption('lock', 'a lock', 'an l2 to share results through');
    this.instanceId = options.instanceId ?? `${this.name}-${randomHex(this.runtime)}`;
    if (this.bus !== undefined) {
      this.subscription = this.bus.subscribe((message) => this.receive(message));
      this.subscription.catch((error: unknown) => this.onError(error, { operation: 'subscribe' }));
    }
  }

  /** Resolves once this instance listens on the bus (at once without a bus). */
  async ready(): Promise<void> {
    await this.subscription;
  }

  /**
   * Cache-aside: the cached value of `key`, or the loader's, stored for next time. Fresh hits
   * never wait; stale hits are served at once and refreshed in the background
   * (`staleWhileRevalidate`); misses share one load per key (single-flight). If the loader
   * throws and a stale value is still in its grace, the stale value is returned; otherwise the
   * loader's error is thrown. L2 failures never make it throw.
   *
   * @example
   * ```ts
   * const product = await cache.getOrSet(`product:${id}`, () => api.product(id), { ttlMs: 30_000, graceMs: 3_600_000 });
   * ```
   */
  getOrSet<V>(key: string, loader: Loader<V>, options: GetOrSetOptions = noOptions): Promise<V> {
    const badKey = checkCacheKey(key);
    if (badKey !== undefined) return Promise.reject(badKey);
    const l1 = this.l1;
    let l1Entry: CacheEntry | undefined;
    if (l1 !== undefined) {
      l1Entry = l1.get(key);
      if (l1Entry !== undefined) {
        const freshUntilMs = l1Entry.freshUntilMs;
        if (freshUntilMs === Infinity) {
          this.counters.count('hits', l1Entry.tags);
          return Promise.resolve(l1Entry.value as V);
        }
        const nowMs = this.clock.nowMs();
        if (nowMs < freshUntilMs) {
          this.counters.count('hits', l1Entry.tags);
          const value = l1Entry.value as V;
          if (l1Entry.recomputeMs > 0) this.maybeRefreshEarly(key, l1Entry, nowMs, loader, options);
          return Promise.resolve(value);
        }
      }
    }
    return this.resolve(key, loader, options, l1Entry);
  }

  /**
   * The fresh value of `key` (or, with `allowStale`, a stale one still in its grace), or
   * `undefined`. Never calls a loader.
   *
   * @example
   * ```ts
   * const cached = await cache.get<User>('user:1');
   * ```
   */
  async get<V>(key: string, options: { allowStale?: boolean } = {}): Promise<V | undefined> {
    const badKey = checkCacheKey(key);
    if (badKey !== undefined) throw badKey;
    let candidate = this.l1?.get(key);
    let nowMs = this.clock.nowMs();
    if (candidate !== undefined && nowMs < candidate.freshUntilMs) {
      this.counters.count('hits', candidate.tags);
      return candidate.value as V;
    }
    if (this.l2 !== undefined) {
      const epoch = this.epoch;
      const entry = await this.l2Read(key);
      nowMs = this.clock.nowMs();
      if (entry !== undefined) {
        if (nowMs < entry.freshUntilMs) {
          if (this.epoch === epoch) this.promote(key, entry, nowMs);
          this.counters.count('hits', entry.tags);
          return entry.value as V;
        }
        if (candidate === undefined || entry.freshUntilMs > candidate.freshUntilMs) candidate = entry;
      }
    }
    if (options.allowStale === true && candidate !== undefined && entryState(candidate, nowMs) === 'stale') {
      this.counters.count('staleServed', candidate.tags);
      return candidate.value as V;
    }
    this.counters.count('misses', candidate?.tags ?? noTags);
    return undefined;
  }

  /**
   * Stores `value` in every tier (moving L2's fence, so racing fills cannot overwrite it) and
   * tells the other instances to drop their L1 copy.
   *
   * @example
   * ```ts
   * await cache.set('user:1', user, { ttlMs: 60_000, tags: ['team:7'] });
   * ```
   */
  async set(key: string, value: unknown, options: EntryOptions = noOptions): Promise<void> {
    const badKey = checkCacheKey(key);
    if (badKey !== undefined) throw badKey;
    const nowMs = this.clock.nowMs();
    const lifetime = resolveLifetime(this.defaults, options);
    const entry: CacheEntry = { value, ...deadlines(lifetime, nowMs, this.runtime.random), recomputeMs: 0, tags: options.tags ?? noTags };
    this.fenceFlights({ action: 'delete', keys: [key] });
    this.promote(key, entry, nowMs);
    if (this.l2 !== undefined) {
      const stored = await this.l2Call(key, (l2) => l2.set(key, entry));
      if (!stored.ok) this.queueL2Invalidation({ action: 'delete', keys: [key] });
    }
    await this.publish({ action: 'delete', keys: [key] });
  }

  /**
   * Write-through: writes `value` to the source of truth with `write`, then to the cache, in an
   * order that cannot leave a stale value cached after a failure or a race:
   *
   * 1. invalidate `key` everywhere (L1s, L2, the bus) and move its fence, so no reader keeps or
   *    re-fills the old value from the cache, and read L2's fence;
   * 2. `write()` to the source; if it throws, invalidate again and rethrow (the outcome may be
   *    unknown, so the cache keeps nothing and the next read loads the truth);
   * 3. store the value only if nothing touched the key since step 1 (L2: compare-and-bump on the
   *    fence; this instance: no other write or invalidation in between), else invalidate again.
   *
   * Concurrent writers of one key therefore either leave the last writer's value or nothing; and
   * a reader that loaded the old value from the source before `write()` committed cannot put it
   * back (its fill carries an older fence).
   *
   * @example
   * ```ts
   * await cache.writeThrough(`user:${id}`, user, () => db.saveUser(user));
   * ```
   */
  async writeThrough(key: string, value: unknown, write: () => Promise<unknown> | unknown, options: EntryOptions = noOptions): Promise<void> {
    const badKey = checkCacheKey(key);
    if (badKey !== undefined) throw badKey;
    const lifetime = resolveLifetime(this.defaults, options);
    await this.invalidate({ action: 'delete', keys: [key] });
    const flight: Flight = { promise: Promise.resolve(), invalidated: false, tags: options.tags ?? noTags };
    this.writes.set(flight, key);
    try {
      const fencing = this.l2?.fence !== undefined;
      const fence = fencing && (await this.l2Ready()) ? await this.l2Call(key, (l2) => (l2.fence as (key: string) => MaybePromise<number>)(key)) : undefined;
      try {
        await write();
      } catch (error) {
        await this.invalidate({ action: 'delete', keys: [key] });
        throw error;
      }
      if (flight.invalidated || (fencing && fence?.ok !== true)) {
        await this.invalidate({ action: 'delete', keys: [key] });
        return;
      }
      const nowMs = this.clock.nowMs();
      const entry: CacheEntry = { value, ...deadlines(lifetime, nowMs, this.runtime.random), recomputeMs: 0, tags: options.tags ?? noTags };
      this.writes.delete(flight);
      this.fenceFlights({ action: 'delete', keys: [key] }); // loads and writes that began before this point are older
      const epoch = this.epoch;
      if (this.l2 !== undefined) {
        const setOptions = fence?.ok === true ? { fence: fence.value } : undefined;
        const stored = await this.l2Call(key, (l2) => l2.set(key, entry, setOptions));
        if (!stored.ok || !stored.value) {
          await this.invalidate({ action: 'delete', keys: [key] });
          return;
        }
      }
      // A write or invalidation that came in while L2 was written has dropped L1 already: do not undo it.
      if (this.epoch === epoch) this.promote(key, entry, nowMs);
      await this.publish({ action: 'delete', keys: [key] });
    } finally {
      this.writes.delete(flight);
    }
  }

  /**
   * Removes `key` from every tier and every instance's L1.
   *
   * @example
   * ```ts
   * await cache.delete('user:1');
   * ```
   */
  delete(key: string): Promise<void> {
    const bad = checkCacheKey(key, 'key');
    if (bad !== undefined) return Promise.reject(bad);
    return this.invalidate({ action: 'delete', keys: [key] });
  }

  /**
   * Ends the freshness of `key` everywhere, keeping it servable for the rest of its grace: the
   * next `getOrSet` serves the old value and refreshes it (unlike {@link Cache.delete}, after
   * which readers wait for the loader).
   *
   * @example
   * ```ts
   * await cache.expire('prices'); // readers keep getting the old prices while one refresh runs
   * ```
   */
  expire(key: string): Promise<void> {
    const bad = checkCacheKey(key, 'key');
    if (bad !== undefined) return Promise.reject(bad);
    return this.invalidate({ action: 'expire', keys: [key] });
  }

  /**
   * Removes every entry tagged `tag`, everywhere.
   *
   * @example
   * ```ts
   * await cache.deleteTag('team:7');
   * ```
   */
  deleteTag(tag: string): Promise<void> {
    const bad = checkCacheKey(tag, 'tag');
    if (bad !== undefined) return Promise.reject(bad);
    return this.invalidate({ action: 'delete', tags: [tag] });
  }

  /**
   * Expires every entry tagged `tag`, everywhere (kept for their grace).
   *
   * @example
   * ```ts
   * await cache.expireTag('catalog');
   * ```
   */
  expireTag(tag: string): Promise<void> {
    const bad = checkCacheKey(tag, 'tag');
    if (bad !== undefined) return Promise.reject(bad);
    return this.invalidate({ action: 'expire', tags: [tag] });
  }

  /**
   * Removes every key starting with `prefix` (a namespace such as `users:`), everywhere.
   *
   * @example
   * ```ts
   * await cache.deletePrefix('users:');
   * ```
   */
  deletePrefix(prefix: string): Promise<void> {
    const bad = checkCacheKey(prefix, 'prefix');
    if (bad !== undefined) return Promise.reject(bad);
    return this.invalidate({ action: 'delete', prefixes: [prefix] });
  }

  /**
   * Expires every key starting with `prefix`, everywhere (kept for their grace).
   *
   * @example
   * ```ts
   * await cache.expirePrefix('search:');
   * ```
   */
  expirePrefix(prefix: string): Promise<void> {
    const bad = checkCacheKey(prefix, 'prefix');
    if (bad !== undefined) return Promise.reject(bad);
    return this.invalidate({ action: 'expire', prefixes: [prefix] });
  }

  /**
   * Removes everything from L1, from L2 (this cache's namespace) and from the other instances' L1s.
   *
   * @example
   * ```ts
   * await cache.clear();
   * ```
   */
  clear(): Promise<void> {
    return this.invalidate({ action: 'clear' });
  }

  /**
   * A view of this cache whose keys all start with `prefix`; `clear()` on it drops the namespace
   * everywhere.
   *
   * @example
   * ```ts
   * const sessions = cache.namespace('sessions:');
   * await sessions.set(sessionId, session, { ttlMs: 1_800_000 });
   * ```
   */
  namespace(prefix: string): CacheNamespace {
    const bad = checkCacheKey(prefix, 'prefix');
    if (bad !== undefined) throw bad;
    return new CacheNamespace(this, prefix);
  }

  /**
   * Hit, miss, stale-served, refresh, coalesced and failure counts, for the cache and per tag,
   * with L1's size and evictions.
   *
   * @example
   * ```ts
   * const { hits, misses, coalesced, tags } = cache.stats();
   * ```
   */
  stats(): CacheStatsSnapshot {
    const l1 = this.l1;
    return {
      ...this.counters.snapshot(),
      l1: l1 === undefined ? undefined : { entries: l1.size, bytes: l1.bytes, evictions: l1.evictions },
      pendingL2Invalidations: this.pendingL2.length,
      undeliveredInvalidations: this.undelivered.length,
    };
  }

  /**
   * Resolves when no background refresh or bus retry is in progress (started before or during
   * the wait).
   *
   * @example
   * ```ts
   * await cache.idle(); // e.g. in a test, after a stale read started a refresh
   * ```
   */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  /**
   * Waits for background refreshes and bus retries in progress, then leaves the bus. Reads and
   * writes after `close` still work, without the bus.
   *
   * @example
   * ```ts
   * process.on('SIGTERM', async () => { await cache.close(); process.exit(0); });
   * ```
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.redeliveryTimer?.cancel();
    this.redeliveryTimer = undefined;
    await this.idle();
    if (this.subscription !== undefined) await (await this.subscription.catch(() => undefined))?.unsubscribe();
  }

  // ---- reads ----------------------------------------------------------------------------------

  private resolve<V>(key: string, loader: Loader<V>, options: GetOrSetOptions, l1Entry: CacheEntry | undefined): Promise<V> {
    const swr = options.staleWhileRevalidate ?? this.staleWhileRevalidate;
    const existing = this.flights.get(key);
    if (existing !== undefined) {
      this.counters.count('coalesced', options.tags ?? noTags);
      return existing.promise as Promise<V>;
    }
    const refresh = this.refreshes.get(key);
    if (refresh !== undefined) {
      if (l1Entry !== undefined && swr) {
        this.counters.count('staleServed', l1Entry.tags);
        return Promise.resolve(l1Entry.value as V);
      }
      this.counters.count('coalesced', options.tags ?? noTags);
      return refresh.promise as Promise<V>;
    }
    if (this.l2 === undefined && l1Entry !== undefined && swr) {
      // L1 only, and l1.get returned it, so it is stale but in its grace.
      this.counters.count('staleServed', l1Entry.tags);
      this.startRefresh(key, loader, options, l1Entry);
      return Promise.resolve(l1Entry.value as V);
    }
    const flight: Flight = { promise: undefined as unknown as Promise<unknown>, invalidated: false, tags: options.tags ?? noTags };
    const promise = this.resolveFromL2OrLoad(key, loader, options, l1Entry, flight, swr).finally(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    flight.promise = promise;
    this.flights.set(key, flight);
    return promise;
  }

  private async resolveFromL2OrLoad<V>(key: string, loader: Loader<V>, options: GetOrSetOptions, l1Entry: CacheEntry | undefined, flight: Flight, swr: boolean): Promise<V> {
    let candidate = l1Entry;
    let fence: { ok: true; value: number } | undefined;
    if (this.l2 !== undefined) {
      const epoch = this.epoch;
      const read = await this.l2ReadWithFence(key);
      fence = read.fence;
      const entry = read.entry;
      if (entry !== undefined) {
        const nowMs = this.clock.nowMs();
        if (nowMs < entry.freshUntilMs) {
          if (this.epoch === epoch) this.promote(key, entry, nowMs);
          this.counters.count('hits', entry.tags);
          if (entry.recomputeMs > 0) this.maybeRefreshEarly(key, entry, nowMs, loader, options);
          return entry.value as V;
        }
        if (candidate === undefined || entry.freshUntilMs > candidate.freshUntilMs) {
          candidate = entry;
          if (this.epoch === epoch) this.promote(key, entry, nowMs);
        }
      }
    }
    if (candidate !== undefined && swr && entryState(candidate, this.clock.nowMs()) === 'stale') {
      this.counters.count('staleServed', candidate.tags);
      this.startRefresh(key, loader, options, candidate);
      return candidate.value as V;
    }
    this.counters.count('misses', options.tags ?? noTags);
    return this.load(key, loader, options, candidate, flight, fence);
  }

  private maybeRefreshEarly<V>(key: string, entry: CacheEntry, nowMs: number, loader: Loader<V>, options: GetOrSetOptions): void {
    const beta = options.xfetchBeta ?? this.xfetchBeta;
    // Past ~40 deltas from expiry the probability is below e^-40: skip the draw on the hot path.
    if (beta <= 0 || entry.freshUntilMs - nowMs > 40 * beta * entry.recomputeMs) return;
    if (this.refreshes.has(key)) return;
    if (shouldRefreshEarly({ nowMs, freshUntilMs: entry.freshUntilMs, recomputeMs: entry.recomputeMs, beta, random: this.runtime.random })) {
      this.counters.counts.earlyRefreshes++;
      this.startRefresh(key, loader, options, entry);
    }
  }

  private startRefresh<V>(key: string, loader: Loader<V>, options: GetOrSetOptions, stale: CacheEntry): void {
    if (this.refreshes.has(key)) return;
    this.counters.count('refreshes', stale.tags);
    const flight: Flight = { promise: undefined as unknown as Promise<unknown>, invalidated: false, tags: options.tags ?? stale.tags };
    const promise = this.load(key, loader, options, stale, flight).finally(() => {
      if (this.refreshes.get(key) === flight) this.refreshes.delete(key);
    });
    flight.promise = promise;
    this.refreshes.set(key, flight);
    this.track(promise.catch((error: unknown) => this.onError(error, { operation: 'refresh', key })));
  }

  /** Runs the loader (under the distributed lock, when there is one) and stores the result. */
  private async load<V>(key: string, loader: Loader<V>, options: GetOrSetOptions, stale: CacheEntry | undefined, flight: Flight, knownFence?: { ok: true; value: number }): Promise<V> {
    let token: string | undefined;
    if (this.lock !== undefined && (await this.l2Ready())) {
      const acquired = await this.acquireLock(key);
      token = acquired.token;
      if (acquired.ok) {
        // Taken or not, another instance may just have stored the value: read L2 again.
        const waited = token === undefined ? await this.waitForOtherInstance(key) : await this.freshFromL2(key);
        if (waited !== undefined) {
          if (token !== undefined) await this.releaseLock(key, token);
          return waited.value as V;
        }
        if (token === undefined) token = (await this.acquireLock(key)).token;
      }
    }
    try {
      // A fence read earlier (with the L2 lookup) is only more conservative: any write since moved it.
      const fence = knownFence ?? (this.l2?.fence !== undefined && (await this.l2Ready()) ? await this.l2Call(key, (l2) => (l2.fence as (key: string) => MaybePromise<number>)(key)) : undefined);
      const startedMs = this.clock.monotonicMs();
      let value: V;
      this.counters.counts.loads++;
      try {
        value = await loader({ key, staleValue: stale?.value as V | undefined });
      } catch (error) {
        this.counters.counts.loadErrors++;
        if (stale !== undefined && entryState(stale, this.clock.nowMs()) !== 'dead') {
          this.counters.count('staleServed', stale.tags);
          return stale.value as V;
        }
        throw error;
      }
      const recomputeMs = Math.max(this.clock.monotonicMs() - startedMs, 0);
      const nowMs = this.clock.nowMs();
      const entry: CacheEntry = { value, ...deadlines(resolveLifetime(this.defaults, options), nowMs, this.runtime.random), recomputeMs, tags: options.tags ?? noTags };
      if (flight.invalidated) {
        this.counters.counts.fencedFills++;
        return value;
      }
      this.promote(key, entry, nowMs);
      if (this.l2 !== undefined && (fence === undefined || fence.ok)) {
        const setOptions = fence?.ok === true ? { fence: fence.value } : undefined;
        const fill = this.l2Call(key, (l2) => l2.set(key, entry, setOptions)).then((stored) => {
          if (stored.ok && !stored.value && setOptions !== undefined) {
            // A write or invalidation reached L2 while we loaded: ours may be older. Do not keep it.
            this.counters.counts.fencedFills++;
            if (this.l1?.peek(key)?.value === value) this.l1.delete(key);
          }
        });
        // With an L1 the caller need not wait for L2 (this instance reads its L1); a lock holder
        // must write before releasing, and a cache without L1 must read its own writes.
        if (token !== undefined || this.l1 === undefined) await fill;
        else this.track(fill);
      }
      return value;
    } finally {
      if (token !== undefined) await this.releaseLock(key, token);
    }
  }

  private async acquireLock(key: string): Promise<{ ok: boolean; token: string | undefined }> {
    try {
      return { ok: true, token: await (this.lock as DistributedLock).acquire(key, this.lockTtlMs) };
    } catch (error) {
      this.onError(error, { operation: 'lock', key });
      return { ok: false, token: undefined };
    }
  }

  private async releaseLock(key: string, token: string): Promise<void> {
    try {
      await (this.lock as DistributedLock).release(key, token);
    } catch (error) {
      this.onError(error, { operation: 'lock', key });
    }
  }

  /** Polls L2 (5 ms doubling to 100 ms) for another instance's result, up to `lockWaitMs`. */
  private async waitForOtherInstance(key: string): Promise<CacheEntry | undefined> {
    this.counters.counts.lockWaits++;
    const deadlineMs = this.clock.monotonicMs() + this.lockWaitMs;
    let delayMs = 5;
    for (;;) {
      const leftMs = deadlineMs - this.clock.monotonicMs();
      if (leftMs <= 0) break;
      await this.runtime.sleep(Math.min(delayMs, leftMs));
      delayMs = Math.min(delayMs * 2, 100);
      const entry = await this.freshFromL2(key);
      if (entry !== undefined) return entry;
      if (!(await this.l2Ready())) break;
    }
    this.counters.counts.lockTimeouts++;
    return undefined;
  }

  private async freshFromL2(key: string): Promise<CacheEntry | undefined> {
    const epoch = this.epoch;
    const entry = await this.l2Read(key);
    const nowMs = this.clock.nowMs();
    if (entry === undefined || nowMs >= entry.freshUntilMs) return undefined;
    if (this.epoch === epoch) this.promote(key, entry, nowMs);
    return entry;
  }

  /** Copies an entry into L1, its freshness capped at `l1MaxTtlMs`. */
  private promote(key: string, entry: CacheEntry, nowMs: number): void {
    const l1 = this.l1;
    if (l1 === undefined) return;
    if (entry.freshUntilMs - nowMs <= this.l1MaxTtlMs) {
      l1.set(key, entry);
      return;
    }
    const freshUntilMs = nowMs + this.l1MaxTtlMs;
    l1.set(key, { ...entry, freshUntilMs, staleUntilMs: Math.max(entry.staleUntilMs, freshUntilMs) });
  }

  // ---- invalidation ---------------------------------------------------------------------------

  private async invalidate(invalidation: Invalidation): Promise<void> {
    this.applyToL1(invalidation);
    if (this.l2 !== undefined) {
      const ok = await this.applyToL2(invalidation);
      if (!ok) this.queueL2Invalidation(invalidation);
    }
    await this.publish(invalidation);
  }

  private applyToL1(invalidation: Invalidation): void {
    this.fenceFlights(invalidation);
    const l1 = this.l1;
    if (l1 === undefined) return;
    const nowMs = this.clock.nowMs();
    const expire = invalidation.action === 'expire';
    if (invalidation.action === 'clear') l1.clear();
    for (const key of invalidation.keys ?? noTags) {
      if (expire) l1.expire(key, nowMs);
      else l1.delete(key);
    }
    for (const tag of invalidation.tags ?? noTags) {
      if (expire) l1.expireTag(tag, nowMs);
      else l1.deleteTag(tag);
    }
    for (const prefix of invalidation.prefixes ?? noTags) {
      if (expire) l1.expirePrefix(prefix, nowMs);
      else l1.deletePrefix(prefix);
    }
  }

  /** Marks loads in flight that the invalidation covers, so their (possibly older) result is not cached. */
  private fenceFlights(invalidation: Invalidation): void {
    this.epoch++;
    for (const [flight, key] of this.writes) if (covers(invalidation, key, flight)) flight.invalidated = true;
    for (const flights of [this.flights, this.refreshes]) {
      if (flights.size === 0) continue;
      for (const [key, flight] of flights) if (covers(invalidation, key, flight)) flight.invalidated = true;
    }
  }

  private async applyToL2(invalidation: Invalidation): Promise<boolean> {
    const nowMs = this.clock.nowMs();
    const expire = invalidation.action === 'expire';
    const steps: Array<(l2: CacheTier) => MaybePromise<unknown>> = [];
    if (invalidation.action === 'clear') steps.push((l2) => l2.clear());
    for (const key of invalidation.keys ?? noTags) steps.push((l2) => (expire ? l2.expire(key, nowMs) : l2.delete(key)));
    for (const tag of invalidation.tags ?? noTags) steps.push((l2) => (expire ? l2.expireTag(tag, nowMs) : l2.deleteTag(tag)));
    for (const prefix of invalidation.prefixes ?? noTags) steps.push((l2) => (expire ? l2.expirePrefix(prefix, nowMs) : l2.deletePrefix(prefix)));
    for (const step of steps) if (!(await this.l2Call(invalidation.keys?.[0], step)).ok) return false;
    return true;
  }

  private queueL2Invalidation(invalidation: Invalidation): void {
    this.pendingL2.push(invalidation);
    if (this.pendingL2.length > this.maxPendingL2Invalidations) {
      // Too many to replay one by one: replace them all by one clear of the namespace.
      this.pendingL2.length = 0;
      this.pendingL2.push({ action: 'clear' });
    }
  }

  private async publish(invalidation: Invalidation): Promise<void> {
    const bus = this.bus;
    if (bus === undefined || this.closed) return;
    const message: InvalidationMessage = { origin: this.instanceId, ...invalidation };
    this.counters.counts.busPublished++;
    try {
      await this.busCall(bus, message);
    } catch (error) {
      this.onError(error, { operation: 'bus' });
      this.track(this.retryPublish(bus, message));
    }
  }

  /** One publish, given at most `busTimeoutMs` (a cut connection must not hold a write). */
  private async busCall(bus: InvalidationBus, message: InvalidationMessage): Promise<void> {
    let timer: TimerHandle | undefined;
    const answer = bus.publish(message);
    answer.catch(() => undefined); // a late failure after the timeout is already reported
    try {
      await Promise.race([answer, new Promise<never>((_, reject) => (timer = this.runtime.setTimer(this.busTimeoutMs, () => reject(new CacheBusTimeoutError(this.busTimeoutMs)), { keepAlive: false })))]);
    } finally {
      timer?.cancel();
    }
  }

  /** Keeps an invalidation the bus never took, to re-send it until it does (too many: one `clear` instead). */
  private keepUndelivered(message: InvalidationMessage): void {
    if (this.closed) return;
    this.undelivered.push(message);
    if (this.undelivered.length > MAX_UNDELIVERED) this.undelivered = [{ origin: this.instanceId, action: 'clear' }];
    this.scheduleRedelivery();
  }

  private scheduleRedelivery(): void {
    if (this.redeliveryTimer !== undefined || this.closed || this.undelivered.length === 0) return;
    this.redeliveryTimer = this.runtime.setTimer(REDELIVERY_MS, () => {
      this.redeliveryTimer = undefined;
      void this.redeliver();
    }, { keepAlive: false });
  }

  private async redeliver(): Promise<void> {
    const bus = this.bus;
    while (bus !== undefined && !this.closed && this.undelivered.length > 0) {
      const message = this.undelivered[0] as InvalidationMessage;
      try {
        await this.busCall(bus, message);
      } catch {
        this.scheduleRedelivery();
        return;
      }
      if (this.undelivered[0] === message) this.undelivered.shift();
      this.counters.counts.busRedelivered++;
    }
  }

  private async retryPublish(bus: InvalidationBus, message: InvalidationMessage): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.busRetries; attempt++) {
      await this.runtime.sleep(Math.min(50 * 2 ** (attempt - 1), 2_000));
      try {
        await this.busCall(bus, message);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    this.counters.counts.busFailures++;
    this.onError(lastError, { operation: 'bus' });
    this.keepUndelivered(message);
  }

  private receive(message: InvalidationMessage): void {
    if (message.origin === this.instanceId) return;
    this.counters.counts.busReceived++;
    this.applyToL1(message);
  }

  // ---- L2 with a circuit breaker ---------------------------------------------------------------

  /** Whether L2 may be used now: configured, not in its back-off, and caught up on invalidations. */
  private async l2Ready(): Promise<boolean> {
    if (this.l2 === undefined || this.clock.monotonicMs() < this.l2DownUntilMs) return false;
    if (this.pendingL2.length === 0) return true;
    this.drainingL2 ??= this.drainPendingL2().finally(() => (this.drainingL2 = undefined));
    await this.drainingL2;
    return this.pendingL2.length === 0;
  }

  private async drainPendingL2(): Promise<void> {
    while (this.pendingL2.length > 0) {
      const invalidation = this.pendingL2[0] as Invalidation;
      if (!(await this.applyToL2(invalidation))) return;
      this.pendingL2.shift();
    }
  }

  /** L2's entry for `key` and, when the tier can give both in one round trip, its fence. */
  private async l2ReadWithFence(key: string): Promise<{ entry: CacheEntry | undefined; fence: { ok: true; value: number } | undefined }> {
    const l2 = this.l2;
    if (l2?.getWithFence === undefined) return { entry: await this.l2Read(key), fence: undefined };
    if (!(await this.l2Ready())) return { entry: undefined, fence: undefined };
    const result = await this.l2Call(key, (tier) => (tier.getWithFence as (key: string) => Promise<{ entry: CacheEntry | undefined; fence: number }>)(key));
    return result.ok ? { entry: result.value.entry, fence: { ok: true, value: result.value.fence } } : { entry: undefined, fence: undefined };
  }

  private async l2Read(key: string): Promise<CacheEntry | undefined> {
    if (!(await this.l2Ready())) return undefined;
    const result = await this.l2Call(key, (l2) => l2.get(key));
    return result.ok ? result.value : undefined;
  }

  private async l2Call<T>(key: string | undefined, call: (l2: CacheTier) => MaybePromise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    const l2 = this.l2;
    if (l2 === undefined || this.clock.monotonicMs() < this.l2DownUntilMs) return { ok: false };
    let timer: TimerHandle | undefined;
    try {
      const answer = call(l2);
      if (!(answer instanceof Promise)) return { ok: true, value: answer };
      // A shared tier that hangs (an ioredis client left on its defaults queues and retries for
      // seconds during an outage) costs each call at most l2TimeoutMs.
      const timedOut = new Promise<never>((_, reject) => {
        timer = this.runtime.setTimer(this.l2TimeoutMs, () => reject(new CacheTierTimeoutError(this.l2TimeoutMs, key)), { keepAlive: false });
      });
      answer.catch(() => undefined); // a late failure after the timeout is already reported
      return { ok: true, value: await Promise.race([answer, timedOut]) };
    } catch (error) {
      this.counters.counts.l2Errors++;
      this.l2DownUntilMs = this.clock.monotonicMs() + this.l2RetryAfterMs;
      this.onError(error, key === undefined ? { operation: 'l2' } : { operation: 'l2', key });
      return { ok: false };
    } finally {
      timer?.cancel();
    }
  }

  private track(promise: Promise<unknown>): void {
    this.background.add(promise);
    void promise.finally(() => this.background.delete(promise));
  }
}

function covers(invalidation: Invalidation, key: string, flight: Flight): boolean {
  return (
    invalidation.action === 'clear' ||
    invalidation.keys?.includes(key) === true ||
    invalidation.tags?.some((tag) => flight.tags.includes(tag)) === true ||
    invalidation.prefixes?.some((prefix) => key.startsWith(prefix)) === true
  );
}

function randomHex(runtime: Runtime): string {
  return (runtime.random.next() >>> 0).toString(16).padStart(8, '0') + (runtime.random.next() >>> 0).toString(16).padStart(8, '0');
}

function positive(option: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || !(resolved > 0)) throw invalidOption(option, value, 'a number > 0');
  return resolved;
}

function nonNegative(option: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || !(resolved >= 0) || !Number.isFinite(resolved)) throw invalidOption(option, value, 'a finite number >= 0');
  return resolved;
}

function integer(option: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved < 0) throw invalidOption(option, value, 'an integer >= 0');
  return resolved;
}
