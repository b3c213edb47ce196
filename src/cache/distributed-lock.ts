import { type Clock, type RuntimeOptions } from '../runtime/index.js';
import { checkOptionsObject, runtimeOption } from '../options.js';

/**
 * A lease-based mutual exclusion shared by cache instances, so that only one of them recomputes a
 * missing hot key while the others wait for the result in L2. `RedisLock` (`pacelc/cache/redis`)
 * implements it with `SET NX PX` and a token released by compare-and-delete.
 *
 * The lease expires after `ttlMs` even if its holder dies; a holder that outlives its lease loses
 * exclusivity (never correctness: the cache only ever saves extra loads with it).
 *
 * @example
 * ```ts
 * const token = await lock.acquire('user:1', 10_000);
 * if (token !== undefined) try { await recompute(); } finally { await lock.release('user:1', token); }
 * ```
 */
export interface DistributedLock {
  /** A token if the lease was taken, `undefined` if someone else holds it. */
  acquire(key: string, ttlMs: number): Promise<string | undefined>;
  /** Releases the lease if `token` still holds it; true if it did. */
  release(key: string, token: string): Promise<boolean>;
}

/**
 * A {@link DistributedLock} inside one process (several caches sharing one instance), on the
 * runtime's clock. For tests and single-process deployments.
 *
 * @example
 * ```ts
 * const lock = new MemoryLock();
 * const token = await lock.acquire('k', 1_000); // 'memory-1'
 * await lock.acquire('k', 1_000);                // undefined
 * await lock.release('k', token!);               // true
 * ```
 */
export class MemoryLock implements DistributedLock {
  private readonly leases = new Map<string, { token: string; untilMs: number }>();
  private readonly clock: Clock;
  private nextToken = 0;

  constructor(options: RuntimeOptions = {}) {
    checkOptionsObject('MemoryLock', options);
    this.clock = runtimeOption(options.runtime).clock;
  }

  async acquire(key: string, ttlMs: number): Promise<string | undefined> {
    const nowMs = this.clock.monotonicMs();
    const lease = this.leases.get(key);
    if (lease !== undefined && lease.untilMs > nowMs) return undefined;
    const token = `memory-${++this.nextToken}`;
    this.leases.set(key, { token, untilMs: nowMs + ttlMs });
    return token;
  }

  async release(key: string, token: string): Promise<boolean> {
    const lease = this.leases.get(key);
    if (lease === undefined || lease.token !== token) return false;
    this.leases.delete(key);
    return true;
  }
}
