import type { Cache, GetOrSetOptions } from './cache.js';
import { checkOptionsObject, requiredObjectWith } from '../options.js';
import type { DataSource } from './data-source.js';

/**
 * Write-through: every write goes to the source of truth and then to the cache, synchronously
 * with the caller, so reads after a write see it (on every instance, once the invalidation has
 * arrived). Reads are read-through. The ordering is {@link Cache.writeThrough}'s: invalidate,
 * write the source, then cache the value only if nothing touched the key meanwhile — so neither
 * a failed write, nor two concurrent writers, nor a reader that loaded the old value during the
 * write can leave a stale value in the cache.
 *
 * @example
 * ```ts
 * import { Cache, WriteThroughCache } from 'pacelc/cache';
 * const users = new WriteThroughCache(cache, { load: (key) => db.user(key), save: (key, user) => db.saveUser(user) });
 * await users.set('user:1', { id: 1, name: 'Ada' });
 * await users.get('user:1'); // from the cache
 * ```
 */
export class WriteThroughCache<V> {
  constructor(
    readonly cache: Cache,
    private readonly source: DataSource<V>,
    private readonly options: GetOrSetOptions = {},
  ) {
    requiredObjectWith('cache', cache, ['getOrSet', 'writeThrough'], 'a Cache');
    requiredObjectWith('source', source, ['load', 'save'], 'a DataSource ({ load, save })');
    checkOptionsObject('WriteThroughCache', options);
  }

  /** The value of `key`, from the cache or loaded from the source. */
  get(key: string): Promise<V> {
    return this.cache.getOrSet(key, () => this.source.load(key), this.options);
  }

  /** Writes `value` to the source, then caches it. Rejects (caching nothing) if the source write fails. */
  set(key: string, value: V): Promise<void> {
    return this.cache.writeThrough(key, value, () => this.source.save(key, value), this.options);
  }
}
