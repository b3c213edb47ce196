import { createHash } from 'node:crypto';

/**
 * The part of a Redis client the scripts need: `EVALSHA` and `EVAL`. An ioredis `Redis` or
 * `Cluster` fits as it is; so does a thin wrapper around any other client.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * const client: RedisScriptClient = new Redis();
 * ```
 */
export interface RedisScriptClient {
  evalsha(sha1: string, numberOfKeys: number, ...keysAndArguments: Array<string | number>): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...keysAndArguments: Array<string | number>): Promise<unknown>;
}

/** A Lua script run atomically by Redis, by SHA1 first and by source when Redis does not know it yet (internal). */
export class LuaScript {
  readonly sha1: string;

  constructor(readonly source: string) {
    this.sha1 = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisScriptClient, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error | undefined)?.message).includes('NOSCRIPT')) throw error;
      return await redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/** Redis server time in ms: every script measures time on Redis's clock, so skewed hosts agree. */
const now = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// --- circuit breaker state: KEYS[1] = state hash {kind, until, opens}, KEYS[2] = probe lease --------

export const readCircuit = new LuaScript(`${now}
local kind = redis.call('HGET', KEYS[1], 'kind')
if not kind then return {'closed', 0, 0} end
if kind == 'open' then
  local untilMs = tonumber(redis.call('HGET', KEYS[1], 'until'))
  return {'open', math.max(0, untilMs - now), tonumber(redis.call('HGET', KEYS[1], 'opens'))}
end
return {kind, 0, 0}
`);

/** ARGV: openMs, opens, ttlMs (how long a forgotten open state lingers). */
export const openCircuit = new LuaScript(`${now}
local kind = redis.call('HGET', KEYS[1], 'kind')
if kind == 'isolated' then return {'isolated', 0, 0} end
local openMs = tonumber(ARGV[1])
local untilMs = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
local opens = tonumber(redis.call('HGET', KEYS[1], 'opens') or '0')
if kind ~= 'open' or untilMs < now + openMs then
  untilMs = now + openMs
  opens = math.max(opens, tonumber(ARGV[2]))
  redis.call('HSET', KEYS[1], 'kind', 'open', 'until', untilMs, 'opens', opens)
  redis.call('DEL', KEYS[2])
end
redis.call('PEXPIRE', KEYS[1], untilMs - now + tonumber(ARGV[3]))
return {'open', untilMs - now, opens}
`);

/** ARGV: leaseMs. Returns 1 when this caller holds the probe lease (or the circuit is closed). */
export const acquireProbe = new LuaScript(`${now}
local kind = redis.call('HGET', KEYS[1], 'kind')
if not kind or kind == 'closed' then return 1 end
if kind == 'isolated' then return 0 end
if now < tonumber(redis.call('HGET', KEYS[1], 'until')) then return 0 end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return 1 end
return 0
`);

export const closeCircuit = new LuaScript(`redis.call('DEL', KEYS[1], KEYS[2])
return 1
`);

export const isolateCircuit = new LuaScript(`redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'kind', 'isolated')
redis.call('PERSIST', KEYS[1])
return 1
`);

// --- rate limiters: KEYS[1] = the key's state; each returns {allowed (0|1), remaining, retryAfterMs (-1: never)} ---

/** ARGV: capacity, refill per ms, permits. */
export const tokenBucketScript = new LuaScript(`${now}
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local permits = tonumber(ARGV[3])
local data = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(data[1])
local ts = tonumber(data[2])
if tokens == nil then tokens = capacity; ts = now end
if now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate)
  ts = now
end
local result
if tokens >= permits then
  tokens = tokens - permits
  result = {1, math.floor(tokens), 0}
elseif permits > capacity then
  result = {0, 0, -1}
else
  result = {0, 0, math.ceil((permits - tokens) / rate)}
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', ts)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return result
`);

/** GCRA. ARGV: interval ms, tolerance ms (burst × interval), permits, burst. */
export const leakyBucketScript = new LuaScript(`${now}
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local permits = tonumber(ARGV[3])
if permits > tonumber(ARGV[4]) then return {0, 0, -1} end
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local newTat = tat + permits * interval
local ahead = newTat - now
if ahead > tolerance + 1e-9 then return {0, 0, math.ceil(ahead - tolerance)} end
redis.call('SET', KEYS[1], tostring(newTat), 'PX', math.ceil(ahead) + 1000)
return {1, math.floor((tolerance - ahead) / interval + 1e-9), 0}
`);

/** ARGV: limit, window ms, permits. */
export const fixedWindowScript = new LuaScript(`${now}
local limit = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local permits = tonumber(ARGV[3])
if permits > limit then return {0, 0, -1} end
local start = math.floor(now / windowMs) * windowMs
local data = redis.call('HMGET', KEYS[1], 'start', 'count')
local count = 0
if tonumber(data[1]) == start then count = tonumber(data[2]) end
if count + permits <= limit then
  count = count + permits
  redis.call('HSET', KEYS[1], 'start', start, 'count', count)
  redis.call('PEXPIRE', KEYS[1], windowMs * 2)
  return {1, limit - count, 0}
end
return {0, 0, math.max(1, start + windowMs - now)}
`);

/** ARGV: limit, window ms, permits. */
export const slidingWindowScript = new LuaScript(`${now}
local limit = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local permits = tonumber(ARGV[3])
if permits > limit then return {0, 0, -1} end
local start = math.floor(now / windowMs) * windowMs
local data = redis.call('HMGET', KEYS[1], 'start', 'count', 'previous')
local savedStart = tonumber(data[1])
local count = tonumber(data[2]) or 0
local previous = tonumber(data[3]) or 0
if savedStart ~= start then
  if savedStart ~= nil and start - savedStart == windowMs then previous = count else previous = 0 end
  count = 0
end
local elapsed = now - start
local estimate = previous * (1 - elapsed / windowMs) + count
if estimate + permits <= limit + 1e-9 then
  count = count + permits
  redis.call('HSET', KEYS[1], 'start', start, 'count', count, 'previous', previous)
  redis.call('PEXPIRE', KEYS[1], windowMs * 2)
  return {1, math.max(0, math.floor(limit - estimate - permits + 1e-9)), 0}
end
local room = limit - count - permits
local waitMs
if room >= 0 then
  waitMs = windowMs * (1 - room / previous) - elapsed
else
  waitMs = windowMs - elapsed + windowMs * (1 - (limit - permits) / count)
end
return {0, 0, math.max(1, math.ceil(waitMs))}
`);
