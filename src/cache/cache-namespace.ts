import type { Cache, EntryOptions, GetOrSetOptions, Loader } from './cache.js';
import { optionalString, requiredObjectWith, wrongType } from '../options.js';

/**
 * A view of a {@link Cache} whose keys all start with `prefix` (e.g. `users:`), so a part of the
 * application can use short keys and drop its whole namespace at once. Keys are prefixed in every
 * tier and on the bus; tags stay global (a tag can span namespaces).
 *
 * @example
 * ```ts
 * const users = cache.namespace('users:');
 * await users.getOrSet('42', () => db.user(42)); // key 'users:42'
 * await users.clear();                           // every 'users:*' key, on every instance
 * ```
 */
export class CacheNamespace {
  constructor(
    readonly cache: Cache,
    readonly prefix: string,
  ) {
    requiredObjectWith('cache', cache, ['getOrSet', 'writeThrough'], 'a Cache');
    optionalString('prefix', prefix, true);
    if (prefix === undefined) throw wrongType('prefix', prefix, 'a string');
  }

  /** {@link Cache.getOrSet} under the prefix; the loader's context carries the full key. */
  getOrSet<V>(key: string, loader: Loader<V>, options?: GetOrSetOptions): Promise<V> {
    return this.cache.getOrSet(this.prefix + key, loader, options);
  }

  /** {@link Cache.get} under the prefix. */
  get<V>(key: string, options?: { allowStale?: boolean }): Promise<V | undefined> {
    return this.cache.get<V>(this.prefix + key, options);
  }

  /** {@link Cache.set} under the prefix. */
  set(key: string, value: unknown, options?: EntryOptions): Promise<void> {
    return this.cache.set(this.prefix + key, value, options);
  }

  /** {@link Cache.writeThrough} under the prefix. */
  writeThrough(key: string, value: unknown, write: () => Promise<unknown> | unknown, options?: EntryOptions): Promise<void> {
    return this.cache.writeThrough(this.prefix + key, value, write, options);
  }

  /** {@link Cache.delete} under the prefix. */
  delete(key: string): Promise<void> {
    return this.cache.delete(this.prefix + key);
  }

  /** {@link Cache.expire} under the prefix. */
  expire(key: string): Promise<void> {
    return this.cache.expire(this.prefix + key);
  }

  /** Removes every key of the namespace, everywhere. */
  clear(): Promise<void> {
    return this.cache.deletePrefix(this.prefix);
  }

  /** Expires every key of the namespace, everywhere (kept for their grace). */
  expireAll(): Promise<void> {
    return this.cache.expirePrefix(this.prefix);
  }

  /** A namespace inside this one (`users:` + `sessions:` → `users:sessions:`). */
  namespace(prefix: string): CacheNamespace {
    return new CacheNamespace(this.cache, this.prefix + prefix);
  }
}
