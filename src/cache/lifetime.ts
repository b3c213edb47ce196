import { invalidOption } from '../errors.js';
import type { Random } from '../runtime/index.js';

/**
 * How long an entry lives. `ttlMs` is the logical (fresh) lifetime, `graceMs` how long after that
 * it may still be served stale (while it is refreshed, or when the loader fails), and `jitter` a
 * fraction in [0, 1) by which the TTL is randomly shortened so that keys written together do not
 * all expire together (a synchronized stampede).
 *
 * @example
 * ```ts
 * const lifetime: Lifetime = { ttlMs: 60_000, graceMs: 600_000, jitter: 0.1 }; // fresh 54–60 s, then 10 min of grace
 * ```
 */
export interface Lifetime {
  /** Fresh lifetime in ms (> 0, or `Infinity` for no expiry). */
  readonly ttlMs?: number;
  /** Stale-but-servable period after the TTL, in ms (>= 0). */
  readonly graceMs?: number;
  /** Random fraction in [0, 1) of the TTL to remove, per entry. */
  readonly jitter?: number;
}

/**
 * A {@link Lifetime} with every field present.
 *
 * @example
 * ```ts
 * const lifetime: ResolvedLifetime = resolveLifetime({ ttlMs: 60_000 }); // { ttlMs: 60000, graceMs: 0, jitter: 0 }
 * ```
 */
export type ResolvedLifetime = Required<Lifetime>;

/**
 * Fills in and checks a lifetime: fields of `override` win over `defaults`; bad values throw a
 * `RangeError` naming the option.
 *
 * @example
 * ```ts
 * resolveLifetime({ ttlMs: 1_000 }, { graceMs: 5_000 }); // { ttlMs: 1000, graceMs: 5000, jitter: 0 }
 * ```
 */
export function resolveLifetime(defaults: Lifetime, override: Lifetime = {}): ResolvedLifetime {
  const ttlMs = override.ttlMs ?? defaults.ttlMs ?? Infinity;
  const graceMs = override.graceMs ?? defaults.graceMs ?? 0;
  const jitter = override.jitter ?? defaults.jitter ?? 0;
  if (typeof ttlMs !== 'number' || !(ttlMs > 0)) throw invalidOption('ttlMs', ttlMs, 'a number > 0 (or Infinity)');
  if (typeof graceMs !== 'number' || !(graceMs >= 0)) throw invalidOption('graceMs', graceMs, 'a number >= 0 (or Infinity)');
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter < 1)) throw invalidOption('jitter', jitter, 'a number in [0, 1)');
  return { ttlMs, graceMs, jitter };
}

/**
 * The fresh and stale deadlines of an entry written at `nowMs`, with the TTL shortened by a random
 * fraction of up to `jitter`.
 *
 * @example
 * ```ts
 * deadlines({ ttlMs: 1_000, graceMs: 500, jitter: 0 }, 10_000, random); // { freshUntilMs: 11000, staleUntilMs: 11500 }
 * ```
 */
export function deadlines(lifetime: ResolvedLifetime, nowMs: number, random: Random): { freshUntilMs: number; staleUntilMs: number } {
  const ttlMs = lifetime.jitter > 0 && Number.isFinite(lifetime.ttlMs) ? lifetime.ttlMs * (1 - lifetime.jitter * random.float()) : lifetime.ttlMs;
  const freshUntilMs = nowMs + ttlMs;
  return { freshUntilMs, staleUntilMs: freshUntilMs + lifetime.graceMs };
}
