import { PacelcError } from '../errors.js';

/**
 * The shared tier (L2) did not answer within `l2TimeoutMs`: reported to `onError`, and the cache
 * carries on without L2 (from L1 and the loader) until `l2RetryAfterMs` has passed. A write that
 * timed out may still land (`outcome: 'unknown'`).
 *
 * @example
 * ```ts
 * new Cache({ l2, l2TimeoutMs: 200, onError: (error) => { if (error instanceof CacheTierTimeoutError) metrics.l2Timeouts++; } });
 * ```
 */
export class CacheTierTimeoutError extends PacelcError {
  constructor(readonly timeoutMs: number, readonly key: string | undefined) {
    super('CACHE_TIER_TIMEOUT', `the shared cache tier did not answer within ${timeoutMs} ms${key === undefined ? '' : ` (key ${JSON.stringify(key)})`}`, { outcome: 'unknown' });
  }
}

/**
 * The invalidation bus did not confirm a publish within `busTimeoutMs` (a Redis or NATS connection
 * that is cut or blackholed): reported to `onError`, and the publish is retried in the background,
 * so `set`, `delete` and the other writes never wait longer than that for the bus. The message may
 * still have gone out (`outcome: 'unknown'`); invalidations are idempotent, so a duplicate is harmless.
 *
 * @example
 * ```ts
 * new Cache({ bus, busTimeoutMs: 200, onError: (error) => { if (error instanceof CacheBusTimeoutError) metrics.busTimeouts++; } });
 * ```
 */
export class CacheBusTimeoutError extends PacelcError {
  constructor(readonly timeoutMs: number) {
    super('CACHE_BUS_TIMEOUT', `the invalidation bus did not confirm a publish within ${timeoutMs} ms`, { outcome: 'unknown' });
  }
}

/**
 * The `TypeError` for a cache key (or tag, or prefix) that is not a string: two object keys would
 * otherwise both become `"[object Object]"` and read each other's values.
 *
 * @example
 * ```ts
 * await cache.get({ id: 1 } as never); // rejects with TypeError: Invalid cache key: expected a string, received {"id":1}
 * ```
 */
export function checkCacheKey(key: unknown, what = 'key'): TypeError | undefined {
  if (typeof key === 'string') return undefined;
  let shown: string;
  try {
    shown = typeof key === 'object' && key !== null ? JSON.stringify(key) : String(key);
  } catch {
    shown = Object.prototype.toString.call(key);
  }
  return new TypeError(`Invalid cache ${what}: expected a string, received ${shown}`);
}
