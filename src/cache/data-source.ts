/**
 * The source of truth behind a read-through or write-through cache (a database table, a service).
 *
 * @example
 * ```ts
 * const users: DataSource<User> = {
 *   load: (key) => db.one('select * from users where id = $1', [key.slice('user:'.length)]),
 *   save: (key, user) => db.none('update users set name = $2 where id = $1', [user.id, user.name]),
 * };
 * ```
 */
export interface DataSource<V> {
  /** The current value of `key`. */
  load(key: string): Promise<V> | V;
  /** Writes `value` for `key`; resolves once it is durable. */
  save(key: string, value: V): Promise<void> | void;
}

/**
 * A {@link DataSource} that can write many keys in one round trip (a multi-row upsert, a batch
 * API): what write-behind flushes into.
 *
 * @example
 * ```ts
 * const source: BatchDataSource<number> = {
 *   load: (key) => db.counter(key),
 *   save: (key, value) => db.saveCounters([[key, value]]),
 *   saveMany: (entries) => db.saveCounters(entries), // insert ... on conflict do update
 * };
 * ```
 */
export interface BatchDataSource<V> extends DataSource<V> {
  /** Writes every entry; all or nothing is the caller's (your) transaction's business. */
  saveMany(entries: ReadonlyArray<readonly [key: string, value: V]>): Promise<void> | void;
}
