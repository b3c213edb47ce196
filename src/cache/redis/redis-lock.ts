import type { Redis } from 'ioredis';
import { checkOptionsObject, optionalString, requiredObjectWith, runtimeOption } from '../../options.js';
import { invalidOption } from '../../errors.js';
import { type Random, type RuntimeOptions } from '../../runtime/index.js';
import type { DistributedLock } from '../distributed-lock.js';
import { releaseScript } from './scripts.js';

/**
 * Options of {@link RedisLock}.
 *
 * @example
 * ```ts
 * new RedisLock(redis, { prefix: 'shop:lock:' });
 * ```
 */
export interface RedisLockOptions extends RuntimeOptions {
  /** Prefix of the lock keys. Default `pacelc:lock:`. */
  readonly prefix?: string;
}

/**
 * A {@link DistributedLock} on one Redis: `SET key token NX PX ttl` to take the lease, and a Lua
 * compare-and-delete to release it, so an instance whose lease expired cannot release a lease
 * another instance has since taken. Tokens are 128 random bits from the runtime's `Random`.
 *
 * It is a lease on a single Redis, not a consensus lock: after a failover or a pause longer than
 * the lease, two holders are possible. The cache uses it only to save duplicate loads, never for
 * correctness, which is exactly what it is good for.
 *
 * @example
 * ```ts
 * const cache = new Cache({ l2: new RedisTier(redis), lock: new RedisLock(redis), lockTtlMs: 10_000 });
 * ```
 */
export class RedisLock implements DistributedLock {
  private readonly prefix: string;
  private readonly random: Random;

  constructor(
    private readonly redis: Redis,
    options: RedisLockOptions = {},
  ) {
    requiredObjectWith('redis', redis, ['set', 'eval'], 'an ioredis client');
    checkOptionsObject('RedisLock', options);
    this.prefix = optionalString('prefix', options.prefix, true) ?? 'pacelc:lock:';
    this.random = runtimeOption(options.runtime).random;
  }

  async acquire(key: string, ttlMs: number): Promise<string | undefined> {
    if (!(ttlMs >= 1) || !Number.isFinite(ttlMs)) throw invalidOption('ttlMs', ttlMs, 'a finite number >= 1');
    let token = '';
    for (let word = 0; word < 4; word++) token += (this.random.next() >>> 0).toString(16).padStart(8, '0');
    const reply = await this.redis.set(this.prefix + key, token, 'PX', Math.ceil(ttlMs), 'NX');
    return reply === 'OK' ? token : undefined;
  }

  async release(key: string, token: string): Promise<boolean> {
    return (await releaseScript.run(this.redis, [this.prefix + key], [token])) === 1;
  }
}
