import type { Redis } from 'ioredis';
import { checkOptionsObject, numberOption, optionalObjectWith, optionalString, requiredObjectWith, runtimeOption } from '../../options.js';
import { type Clock, type RuntimeOptions } from '../../runtime/index.js';
import type { CacheEntry } from '../entry.js';
import type { CacheTier, TierSetOptions } from '../tier.js';
import { deleteScript, expireScript, setScript, tagScript } from './scripts.js';

/**
 * Turns values into Redis strings and back.
 *
 * @example
 * ```ts
 * const msgpackSerializer: Serializer = { serialize: (v) => pack(v).toString('base64'), deserialize: (t) => unpack(Buffer.from(t, 'base64')) };
 * ```
 */
export interface Serializer {
  serialize(value: unknown): string;
  deserialize(text: string): unknown;
}

/**
 * `JSON.stringify` / `JSON.parse`.
 *
 * @example
 * ```ts
 * jsonSerializer.deserialize(jsonSerializer.serialize({ a: 1 })); // { a: 1 }
 * ```
 */
export const jsonSerializer: Serializer = {
  serialize: (value) => JSON.stringify(value) ?? 'null',
  deserialize: (text) => JSON.parse(text) as unknown,
};

/**
 * Options of {@link RedisTier}.
 *
 * @example
 * ```ts
 * new RedisTier(redis, { prefix: 'shop:', fenceTtlMs: 120_000, serializer: jsonSerializer });
 * ```
 */
export interface RedisTierOptions extends RuntimeOptions {
  /** Prefix of every Redis key this tier uses: its namespace. Default `pacelc:cache:`. */
  readonly prefix?: string;
  /** Value encoding. Default {@link jsonSerializer}. */
  readonly serializer?: Serializer;
  /**
   * How long (ms) a key's invalidation fence outlives its last write or invalidation. A fill whose
   * loader ran longer than this may go unfenced. Default 60,000.
   */
  readonly fenceTtlMs?: number;
  /** Keys per `SCAN` page for prefix invalidation and clear. Default 500. */
  readonly scanCount?: number;
}

/**
 * The shared tier (L2) on Redis. Each entry is a hash (value, fresh and stale deadlines, recompute
 * time, tags) with a physical `PEXPIRE` at the end of its grace; logical freshness is checked on
 * read against the runtime's clock, so the two never get confused. Writes, deletes and
 * invalidations are Lua scripts that also move a per-key **fence**, and fills from a loader are
 * written only if the fence has not moved since the load began — a fill that raced with a write
 * cannot put an older value back. Tags are Redis sets; prefix invalidation scans.
 *
 * Give it an ioredis client that fails fast when Redis is down (see {@link cacheRedisOptions}),
 * so that the cache degrades to L1 and the loader instead of queueing requests.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { Cache } from 'pacelc/cache';
 * import { RedisTier, RedisInvalidationBus, cacheRedisOptions } from 'pacelc/cache/redis';
 * const redis = new Redis({ ...cacheRedisOptions, host: '127.0.0.1', port: 6379, lazyConnect: true });
 * await redis.connect();
 * const cache = new Cache({ l2: new RedisTier(redis, { prefix: 'shop:' }), bus: new RedisInvalidationBus(redis), ttlMs: 60_000 });
 * ```
 */
export class RedisTier implements CacheTier {
  readonly kind = 'redis';
  readonly prefix: string;
  private readonly serializer: Serializer;
  private readonly fenceTtlMs: number;
  private readonly scanCount: number;
  private readonly clock: Clock;

  constructor(
    private readonly redis: Redis,
    options: RedisTierOptions = {},
  ) {
    requiredObjectWith('redis', redis, ['hmget', 'pipeline'], 'an ioredis client');
    checkOptionsObject('RedisTier', options);
    this.prefix = optionalString('prefix', options.prefix, true) ?? 'pacelc:cache:';
    this.serializer = optionalObjectWith('serializer', options.serializer, ['serialize', 'deserialize'], 'a Serializer ({ serialize, deserialize })') ?? jsonSerializer;
    this.fenceTtlMs = numberOption('fenceTtlMs', options.fenceTtlMs, 60_000, { min: 1, integer: true });
    this.scanCount = numberOption('scanCount', options.scanCount, 500, { min: 1, integer: true });
    this.clock = runtimeOption(options.runtime).clock;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return this.decode(await this.redis.hmget(this.entryKey(key), 'v', 'f', 's', 'r', 't'));
  }

  /** The entry and the fence in one round trip (a pipeline), for the miss path. */
  async getWithFence(key: string): Promise<{ entry: CacheEntry | undefined; fence: number }> {
    const results = await this.redis.pipeline().hmget(this.entryKey(key), 'v', 'f', 's', 'r', 't').get(this.fenceKey(key)).exec();
    const [fields, fence] = results ?? [];
    if (fields?.[0]) throw fields[0];
    if (fence?.[0]) throw fence[0];
    return { entry: this.decode(fields?.[1] as Array<string | null>), fence: Number((fence?.[1] as string | null) ?? 0) };
  }

  private decode([value, fresh, stale, recompute, tags]: Array<string | null>): CacheEntry | undefined {
    if (value === null || value === undefined || fresh == null || stale == null) return undefined;
    const staleUntilMs = decodeTime(stale);
    if (this.clock.nowMs() >= staleUntilMs) return undefined;
    return {
      value: this.serializer.deserialize(value),
      freshUntilMs: decodeTime(fresh),
      staleUntilMs,
      recomputeMs: Number(recompute ?? 0),
      tags: tags == null ? [] : (JSON.parse(tags) as string[]),
    };
  }

  async set(key: string, entry: CacheEntry, options: TierSetOptions = {}): Promise<boolean> {
    const leftMs = entry.staleUntilMs - this.clock.nowMs();
    if (leftMs <= 0) return false;
    const stored = await setScript.run(this.redis, [this.entryKey(key), this.fenceKey(key)], [
      this.serializer.serialize(entry.value),
      encodeTime(entry.freshUntilMs),
      encodeTime(entry.staleUntilMs),
      entry.recomputeMs,
      JSON.stringify(entry.tags),
      Number.isFinite(leftMs) ? Math.ceil(leftMs) : '',
      options.fence === undefined ? '' : String(options.fence),
      this.fenceTtlMs,
      this.tagPrefix(),
      key,
    ]);
    return stored === 1;
  }

  async delete(key: string): Promise<boolean> {
    return (await deleteScript.run(this.redis, [this.entryKey(key), this.fenceKey(key)], [this.fenceTtlMs, this.tagPrefix(), key])) === 1;
  }

  async expire(key: string, nowMs: number): Promise<boolean> {
    return (await expireScript.run(this.redis, [this.entryKey(key), this.fenceKey(key)], [encodeTime(nowMs), this.fenceTtlMs])) === 1;
  }

  deleteTag(tag: string): Promise<number> {
    return this.runTag(tag, 'delete', 0);
  }

  expireTag(tag: string, nowMs: number): Promise<number> {
    return this.runTag(tag, 'expire', nowMs);
  }

  async deletePrefix(prefix: string): Promise<number> {
    let count = 0;
    for await (const key of this.scanKeys(prefix)) if (await this.delete(key)) count++;
    return count;
  }

  async expirePrefix(prefix: string, nowMs: number): Promise<number> {
    let count = 0;
    for await (const key of this.scanKeys(prefix)) if (await this.expire(key, nowMs)) count++;
    return count;
  }

  /** Removes every key of this tier's prefix (entries, tags and fences). */
  async clear(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${escapeGlob(this.prefix)}*`, 'COUNT', this.scanCount);
      cursor = next;
      if (keys.length > 0) await this.redis.unlink(...keys);
    } while (cursor !== '0');
  }

  async fence(key: string): Promise<number> {
    return Number((await this.redis.get(this.fenceKey(key))) ?? 0);
  }

  private async runTag(tag: string, action: 'delete' | 'expire', nowMs: number): Promise<number> {
    const count = await tagScript.run(this.redis, [this.tagPrefix() + tag], [this.prefix + 'e:', this.prefix + 'f:', this.fenceTtlMs, this.tagPrefix(), action, encodeTime(nowMs)]);
    return Number(count);
  }

  private async *scanKeys(prefix: string): AsyncGenerator<string> {
    const entryPrefix = this.prefix + 'e:';
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${escapeGlob(entryPrefix + prefix)}*`, 'COUNT', this.scanCount);
      cursor = next;
      for (const redisKey of keys) yield redisKey.slice(entryPrefix.length);
    } while (cursor !== '0');
  }

  private entryKey(key: string): string {
    return `${this.prefix}e:${key}`;
  }

  private fenceKey(key: string): string {
    return `${this.prefix}f:${key}`;
  }

  private tagPrefix(): string {
    return `${this.prefix}t:`;
  }
}

function encodeTime(ms: number): string {
  return ms === Infinity ? 'inf' : String(ms);
}

function decodeTime(text: string): number {
  return text === 'inf' ? Infinity : Number(text);
}

/**
 * Escapes Redis glob metacharacters so a prefix matches literally.
 *
 * @example
 * ```ts
 * escapeGlob('users:[eu]*'); // 'users:\\[eu\\]\\*'
 * ```
 */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
