import type { StorageIo } from './world-database.js';

/**
 * A store that survives its process's crashes, seen through the world's storage: each of the
 * `delayed` methods runs (and commits) at a storage event after the storage latency, only if the
 * process that called it is still alive; a crash before that event loses the call. `close()` is a
 * no-op (the data outlives the process); the callbacks given to the `listeners` methods run only
 * while the caller's incarnation lives; other members pass through.
 *
 * @example
 * ```ts
 * const store = durableStore(new MemorySagaStore(), storage, ['commit', 'load', 'list']);
 * ```
 */
export function durableStore<T extends object>(inner: T, storage: StorageIo, delayed: ReadonlyArray<keyof T & string>, listeners: ReadonlyArray<keyof T & string> = []): T {
  const wrapped = new Set<string>(delayed);
  const listening = new Set<string>(listeners);
  const alive = (): boolean => storage.alive?.() ?? true;
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'close') return () => Promise.resolve();
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof property === 'string' && wrapped.has(property)) return (...args: unknown[]) => storage.io(() => method.apply(target, args));
      // A listener registered by an incarnation that has crashed since must not run its dead code.
      if (typeof property === 'string' && listening.has(property)) {
        return (...args: unknown[]) => method.apply(target, args.map((arg) => (typeof arg === 'function' ? (...inner: unknown[]) => (alive() ? (arg as (...a: unknown[]) => unknown)(...inner) : undefined) : arg)));
      }
      return method.bind(target);
    },
  });
}
