import type { Cache, GetOrSetOptions, LoadContext } from './cache.js';
import { checkOptionsObject, requiredObjectWith, wrongType } from '../options.js';

/**
 * Read-through: callers ask the cache only; on a miss the cache itself loads from the source it
 * was built with. The same machinery as {@link Cache.getOrSet} (single-flight, grace,
 * stale-while-revalidate, XFetch), with the loader fixed once instead of passed at every call site.
 *
 * @example
 * ```ts
 * import { Cache, ReadThroughCache } from 'pacelc/cache';
 * const products = new ReadThroughCache(new Cache({ ttlMs: 30_000, graceMs: 600_000 }), (key) => api.product(key));
 * const product = await products.get('42');
 * ```
 */
export class ReadThroughCache<V> {
  constructor(
    readonly cache: Cache,
    private readonly load: (key: string, context: LoadContext<V>) => Promise<V> | V,
    private readonly options: GetOrSetOptions = {},
  ) {
    requiredObjectWith('cache', cache, ['getOrSet', 'writeThrough'], 'a Cache');
    if (typeof load !== 'function') throw wrongType('load', load, 'a function (key, context) => value');
    checkOptionsObject('ReadThroughCache', options);
  }

  /** The value of `key`, from the cache or loaded from the source. */
  get(key: string, options: GetOrSetOptions = this.options): Promise<V> {
    return this.cache.getOrSet(key, (context) => this.load(key, context), options);
  }

  /** The values of `keys`, loaded concurrently (each key single-flighted). */
  getMany(keys: readonly string[]): Promise<V[]> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  /** Drops `key` everywhere; the next read loads it. */
  invalidate(key: string): Promise<void> {
    return this.cache.delete(key);
  }
}
