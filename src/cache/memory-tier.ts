import { checkOptionsObject, numberOption, oneOf, optionalFunction, runtimeOption } from '../options.js';
import { type Clock, type Random, type RuntimeOptions } from '../runtime/index.js';
import type { CacheEntry } from './entry.js';
import { FrequencySketch } from './frequency-sketch.js';
import { hashKey } from './hash.js';
import { estimateBytes } from './size-of.js';
import type { CacheTier } from './tier.js';

/**
 * Which entry L1 drops when it is full. `lru`: the least recently used. `w-tinylfu`: Caffeine's
 * Window-TinyLFU — new entries enter a small LRU window (1%); when they leave it they must beat the
 * main region's victim on estimated frequency (count-min sketch with aging and a doorkeeper) to be
 * admitted into the segmented main region (probation 20%, protected 80%). It keeps far more hits
 * than LRU on skewed (zipf) workloads and resists scans.
 *
 * @example
 * ```ts
 * new MemoryTier({ maxEntries: 10_000, policy: 'w-tinylfu' });
 * ```
 */
export type EvictionPolicy = 'lru' | 'w-tinylfu';

/**
 * Options of {@link MemoryTier}.
 *
 * @example
 * ```ts
 * new Cache({ l1: { maxEntries: 50_000, maxBytes: 64 * 2 ** 20, sizeOf: (key, value) => key.length + JSON.stringify(value).length } });
 * ```
 */
export interface MemoryTierOptions extends RuntimeOptions {
  /** Most entries held (>= 1). Default 10,000. */
  readonly maxEntries?: number;
  /** Most bytes held, as measured by `sizeOf` (> 0). Default: unbounded. */
  readonly maxBytes?: number;
  /** Bytes of one entry. Default {@link estimateBytes} (only computed when `maxBytes` is set). */
  readonly sizeOf?: (key: string, value: unknown) => number;
  /** Eviction policy. Default `lru`. */
  readonly policy?: EvictionPolicy;
}

const window = 0;
const probation = 1;
const protectedRegion = 2;
type Region = typeof window | typeof probation | typeof protectedRegion;

/** An L1 entry: the entry fields plus the intrusive list links (no allocation to reorder). */
class MemoryNode implements CacheEntry {
  prev: MemoryNode | undefined = undefined;
  next: MemoryNode | undefined = undefined;
  region: Region = window;
  constructor(
    readonly key: string,
    public value: unknown,
    public freshUntilMs: number,
    public staleUntilMs: number,
    public recomputeMs: number,
    public tags: readonly string[],
    public bytes: number,
    readonly hash: number,
  ) {}
}

/** A doubly linked list threaded through the nodes; `head` is the least recent end. */
class NodeList {
  head: MemoryNode | undefined = undefined;
  tail: MemoryNode | undefined = undefined;
  count = 0;

  pushTail(node: MemoryNode): void {
    node.prev = this.tail;
    node.next = undefined;
    if (this.tail === undefined) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.count++;
  }

  remove(node: MemoryNode): void {
    if (node.prev === undefined) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === undefined) this.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = undefined;
    node.next = undefined;
    this.count--;
  }

  moveToTail(node: MemoryNode): void {
    if (this.tail === node) return;
    // node.next is defined: node is not the tail.
    if (node.prev === undefined) this.head = node.next;
    else node.prev.next = node.next;
    (node.next as MemoryNode).prev = node.prev;
    node.prev = this.tail;
    node.next = undefined;
    (this.tail as MemoryNode).next = node;
    this.tail = node;
  }

  clear(): void {
    this.head = undefined;
    this.tail = undefined;
    this.count = 0;
  }
}

/**
 * The in-process tier (L1): a `Map` plus an intrusive doubly linked list, bounded by entries and
 * by bytes, with LRU or W-TinyLFU eviction. Its methods are synchronous, and a hit allocates
 * nothing. It keeps logical expiry (fresh → stale → dead, on the wall clock) apart from physical
 * eviction (by size): a dead entry reads as absent, and is removed when touched, when an insert
 * finds it at a least-recently-used end (up to two per insert), or by {@link MemoryTier.purgeDead}.
 *
 * Used alone it is a fast local cache; as the `l1` of a {@link Cache} it is the first tier.
 *
 * @example
 * ```ts
 * import { MemoryTier } from 'pacelc/cache';
 * const l1 = new MemoryTier({ maxEntries: 10_000, maxBytes: 64 * 2 ** 20, policy: 'w-tinylfu' });
 * l1.set('user:1', { value: { name: 'Ada' }, freshUntilMs: Infinity, staleUntilMs: Infinity, recomputeMs: 0, tags: [] });
 * l1.get('user:1')?.value; // { name: 'Ada' }
 * ```
 */
export class MemoryTier implements CacheTier {
  readonly kind = 'memory';
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly policy: EvictionPolicy;
  /** Entries dropped to respect `maxEntries` / `maxBytes` (or refused admission by W-TinyLFU). */
  evictions = 0;
  /** Entries removed because their grace had ended (logical death), found on access or by purge. */
  deadRemovals = 0;

  private readonly map = new Map<string, MemoryNode>();
  private readonly tagIndex = new Map<string, Set<string>>();
  private readonly lists = [new NodeList(), new NodeList(), new NodeList()] as const;
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly sizeOf: ((key: string, value: unknown) => number) | undefined;
  private readonly sketch: FrequencySketch | undefined;
  private readonly windowMax: number;
  private readonly protectedMax: number;
  private totalBytes = 0;

  constructor(options: MemoryTierOptions = {}) {
    checkOptionsObject('MemoryTier', options);
    const runtime = runtimeOption(options.runtime);
    this.clock = runtime.clock;
    this.random = runtime.random;
    this.maxEntries = numberOption('maxEntries', options.maxEntries, 10_000, { min: 1, integer: true });
    this.maxBytes = numberOption('maxBytes', options.maxBytes, Infinity, { min: 0, exclusiveMin: true, infinity: true });
    this.policy = oneOf('policy', options.policy, ['lru', 'w-tinylfu']) ?? 'lru';
    this.sizeOf = optionalFunction('sizeOf', options.sizeOf) ?? (Number.isFinite(this.maxBytes) ? estimateBytes : undefined);
    this.windowMax = Math.max(1, Math.round(this.maxEntries * 0.01));
    this.protectedMax = Math.max(0, Math.round((this.maxEntries - this.windowMax) * 0.8));
    this.sketch = this.policy === 'w-tinylfu' ? new FrequencySketch(this.maxEntries) : undefined;
  }

  /** Entries held (including stale and not-yet-purged dead ones). */
  get size(): number {
    return this.map.size;
  }

  /** Bytes held, as measured by `sizeOf` (0 when no byte bound and no `sizeOf`). */
  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * The entry for `key` if it is fresh or stale (check with `entryState`), marking it used; a dead
   * entry is removed and reads as absent. The returned entry is live: do not keep it across writes.
   */
  get(key: string): CacheEntry | undefined {
    const node = this.map.get(key);
    if (node === undefined) {
      if (this.sketch !== undefined) this.sketch.increment(hashKey(key));
      return undefined;
    }
    if (node.staleUntilMs !== Infinity && this.clock.nowMs() >= node.staleUntilMs) {
      this.removeNode(node);
      this.deadRemovals++;
      return undefined;
    }
    if (this.sketch === undefined) this.lists[window].moveToTail(node);
    else this.touchTinyLfu(node);
    return node;
  }

  /** Like {@link MemoryTier.get} without marking the entry used. */
  peek(key: string): CacheEntry | undefined {
    const node = this.map.get(key);
    if (node === undefined || (node.staleUntilMs !== Infinity && this.clock.nowMs() >= node.staleUntilMs)) return undefined;
    return node;
  }

  /** Stores `entry` under `key`; false when the entry alone exceeds `maxBytes` (then nothing is stored). */
  set(key: string, entry: CacheEntry): boolean {
    const bytes = this.sizeOf === undefined ? 0 : this.sizeOf(key, entry.value);
    const existing = this.map.get(key);
    if (bytes > this.maxBytes) {
      if (existing !== undefined) this.removeNode(existing);
      this.evictions++;
      return false;
    }
    if (existing !== undefined) {
      if (existing.tags.length > 0) this.untag(existing);
      existing.value = entry.value;
      existing.freshUntilMs = entry.freshUntilMs;
      existing.staleUntilMs = entry.staleUntilMs;
      existing.recomputeMs = entry.recomputeMs;
      existing.tags = entry.tags;
      if (entry.tags.length > 0) this.tag(existing);
      if (this.sketch === undefined) this.lists[window].moveToTail(existing);
      else this.touchTinyLfu(existing);
      if (bytes === existing.bytes) return true; // same size, same count: no bound can be newly exceeded
      this.totalBytes += bytes - existing.bytes;
      existing.bytes = bytes;
    } else {
      const node = new MemoryNode(key, entry.value, entry.freshUntilMs, entry.staleUntilMs, entry.recomputeMs, entry.tags, bytes, this.sketch === undefined ? 0 : hashKey(key));
      this.map.set(key, node);
      this.totalBytes += bytes;
      if (node.tags.length > 0) this.tag(node);
      this.lists[window].pushTail(node);
      if (this.sketch !== undefined) this.sketch.increment(node.hash);
      this.sweepDead();
    }
    this.evictIfNeeded();
    return true;
  }

  /** Removes `key`; true if it was there. */
  delete(key: string): boolean {
    const node = this.map.get(key);
    if (node === undefined) return false;
    this.removeNode(node);
    return true;
  }

  /** Ends the fresh life of `key` at `nowMs` (it stays servable for the rest of its grace); true if it was there. */
  expire(key: string, nowMs: number = this.clock.nowMs()): boolean {
    const node = this.map.get(key);
    if (node === undefined) return false;
    if (node.freshUntilMs > nowMs) node.freshUntilMs = nowMs;
    return true;
  }

  /** Removes every entry tagged `tag`; returns how many. */
  deleteTag(tag: string): number {
    const keys = this.tagIndex.get(tag);
    if (keys === undefined) return 0;
    let removed = 0;
    for (const key of [...keys]) if (this.delete(key)) removed++;
    return removed;
  }

  /** Ends the fresh life of every entry tagged `tag`; returns how many. */
  expireTag(tag: string, nowMs: number = this.clock.nowMs()): number {
    const keys = this.tagIndex.get(tag);
    if (keys === undefined) return 0;
    let expired = 0;
    for (const key of keys) if (this.expire(key, nowMs)) expired++;
    return expired;
  }

  /** Removes every key starting with `prefix` (a scan of L1); returns how many. */
  deletePrefix(prefix: string): number {
    let removed = 0;
    for (const [key, node] of this.map) {
      if (key.startsWith(prefix)) {
        this.removeNode(node);
        removed++;
      }
    }
    return removed;
  }

  /** Ends the fresh life of every key starting with `prefix`; returns how many. */
  expirePrefix(prefix: string, nowMs: number = this.clock.nowMs()): number {
    let expired = 0;
    for (const key of this.map.keys()) if (key.startsWith(prefix) && this.expire(key, nowMs)) expired++;
    return expired;
  }

  /** Removes everything. */
  clear(): void {
    this.map.clear();
    this.tagIndex.clear();
    for (const list of this.lists) list.clear();
    this.totalBytes = 0;
  }

  /** Physically removes up to `limit` entries whose grace has ended; returns how many. */
  purgeDead(limit = Infinity): number {
    const nowMs = this.clock.nowMs();
    let removed = 0;
    for (const node of this.map.values()) {
      if (removed >= limit) break;
      if (nowMs >= node.staleUntilMs) {
        this.removeNode(node);
        removed++;
      }
    }
    this.deadRemovals += removed;
    return removed;
  }

  /** The keys held, least recently used first within each region (window, probation, protected). */
  *keys(): IterableIterator<string> {
    for (const list of this.lists) for (let node = list.head; node !== undefined; node = node.next) yield node.key;
  }

  /**
   * Amortized physical removal: each insert drops up to two dead entries found at the least
   * recently used ends, so dead entries do not sit in memory until size pressure evicts them.
   */
  private sweepDead(): void {
    let budget = 2;
    let nowMs = NaN;
    for (const list of this.lists) {
      for (let node = list.head; node !== undefined && budget > 0 && node.staleUntilMs !== Infinity; node = list.head) {
        if (Number.isNaN(nowMs)) nowMs = this.clock.nowMs();
        if (nowMs < node.staleUntilMs) break;
        this.removeNode(node);
        this.deadRemovals++;
        budget--;
      }
    }
  }

  private touchTinyLfu(node: MemoryNode): void {
    (this.sketch as FrequencySketch).increment(node.hash);
    switch (node.region) {
      case window:
      case protectedRegion:
        this.lists[node.region].moveToTail(node);
        return;
      case probation: {
        this.lists[probation].remove(node);
        node.region = protectedRegion;
        this.lists[protectedRegion].pushTail(node);
        const protectedList = this.lists[protectedRegion];
        while (protectedList.count > this.protectedMax && protectedList.head !== undefined) {
          const demoted = protectedList.head;
          protectedList.remove(demoted);
          demoted.region = probation;
          this.lists[probation].pushTail(demoted);
        }
        return;
      }
    }
  }

  private overBounds(): boolean {
    return this.map.size > this.maxEntries || this.totalBytes > this.maxBytes;
  }

  private evictIfNeeded(): void {
    if (this.sketch === undefined) {
      const list = this.lists[window];
      while (this.overBounds() && list.head !== undefined) this.evict(list.head);
      return;
    }
    const windowList = this.lists[window];
    while (windowList.count > this.windowMax && windowList.head !== undefined) {
      const candidate = windowList.head;
      windowList.remove(candidate);
      candidate.region = probation;
      this.lists[probation].pushTail(candidate);
      while (this.overBounds() && candidate.region === probation && this.map.get(candidate.key) === candidate) {
        const victim = this.lists[probation].head ?? this.lists[protectedRegion].head;
        if (victim === undefined || victim === candidate) {
          this.evict(candidate);
          break;
        }
        this.evict(this.admit(candidate, victim) ? victim : candidate);
      }
    }
    while (this.overBounds()) {
      const victim = this.lists[probation].head ?? this.lists[protectedRegion].head ?? windowList.head;
      if (victim === undefined) break;
      this.evict(victim);
    }
  }

  /** TinyLFU's duel: admit the candidate only if it is more popular than the victim. */
  private admit(candidate: MemoryNode, victim: MemoryNode): boolean {
    const sketch = this.sketch as FrequencySketch;
    const candidateFrequency = sketch.frequency(candidate.hash);
    const victimFrequency = sketch.frequency(victim.hash);
    if (candidateFrequency > victimFrequency) return true;
    // Caffeine's defence against hash flooding: a warm candidate sometimes wins anyway.
    return candidateFrequency >= 6 && this.random.int(128) === 0;
  }

  private evict(node: MemoryNode): void {
    this.removeNode(node);
    this.evictions++;
  }

  private removeNode(node: MemoryNode): void {
    this.lists[node.region].remove(node);
    this.map.delete(node.key);
    this.totalBytes -= node.bytes;
    this.untag(node);
  }

  private tag(node: MemoryNode): void {
    for (const tag of node.tags) {
      let keys = this.tagIndex.get(tag);
      if (keys === undefined) this.tagIndex.set(tag, (keys = new Set()));
      keys.add(node.key);
    }
  }

  private untag(node: MemoryNode): void {
    for (const tag of node.tags) {
      const keys = this.tagIndex.get(tag);
      if (keys === undefined) continue;
      keys.delete(node.key);
      if (keys.size === 0) this.tagIndex.delete(tag);
    }
  }
}
