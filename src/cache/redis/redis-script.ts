import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run by `EVALSHA`, falling back to `EVAL` (which caches it) when the server does not
 * know it yet (`NOSCRIPT`, e.g. after a restart). Leaves the client's commands untouched, unlike
 * `defineCommand`.
 *
 * @example
 * ```ts
 * const script = new RedisScript("return redis.call('GET', KEYS[1])");
 * await script.run(redis, ['k'], []);
 * ```
 */
export class RedisScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
