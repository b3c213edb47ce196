// The Lua scripts of the Redis tier and lock. Each runs atomically on the server.
// Entry: a hash {v value, f freshUntilMs, s staleUntilMs, r recomputeMs, t tags as JSON}.
// Fence: a counter per key, moved by every write and invalidation, compared by fills.
import { RedisScript } from './redis-script.js';

const untag = `
local function untag(entryKey, tagPrefix, key, except)
  local old = redis.call('HGET', entryKey, 't')
  if old then
    for _, tag in ipairs(cjson.decode(old)) do
      if tagPrefix .. tag ~= except then redis.call('SREM', tagPrefix .. tag, key) end
    end
  end
end
local function bump(fenceKey, fenceTtlMs)
  redis.call('INCR', fenceKey)
  redis.call('PEXPIRE', fenceKey, fenceTtlMs)
end
local function expireEntry(entryKey, nowMs)
  local f = redis.call('HGET', entryKey, 'f')
  if not f then return 0 end
  if f == 'inf' or tonumber(f) > tonumber(nowMs) then redis.call('HSET', entryKey, 'f', nowMs) end
  return 1
end
`;

/**
 * KEYS: entry, fence. ARGV: value, freshUntilMs, staleUntilMs, recomputeMs, tagsJson, pxMs|'',
 * expectedFence|'', fenceTtlMs, tagPrefix, key. Returns 1 if stored, 0 if the fence moved. A
 * successful write moves the fence too (compare-and-bump), so of two fills or writes that read
 * the same fence only the first lands.
 */
export const setScript = new RedisScript(`${untag}
if ARGV[7] ~= '' then
  local current = redis.call('GET', KEYS[2])
  if current == false then current = '0' end
  if current ~= ARGV[7] then return 0 end
end
bump(KEYS[2], ARGV[8])
untag(KEYS[1], ARGV[9], ARGV[10], '')
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'f', ARGV[2], 's', ARGV[3], 'r', ARGV[4], 't', ARGV[5])
local px = tonumber(ARGV[6])
if px then redis.call('PEXPIRE', KEYS[1], px) end
for _, tag in ipairs(cjson.decode(ARGV[5])) do
  local tagKey = ARGV[9] .. tag
  local existed = redis.call('EXISTS', tagKey)
  redis.call('SADD', tagKey, ARGV[10])
  local ttl = redis.call('PTTL', tagKey)
  if not px then
    if ttl ~= -1 then redis.call('PERSIST', tagKey) end
  elseif existed == 0 or (ttl ~= -1 and ttl < px) then
    redis.call('PEXPIRE', tagKey, px)
  end
end
return 1
`);

/** KEYS: entry, fence. ARGV: fenceTtlMs, tagPrefix, key. Returns 1 if the entry was there. */
export const deleteScript = new RedisScript(`${untag}
bump(KEYS[2], ARGV[1])
untag(KEYS[1], ARGV[2], ARGV[3], '')
return redis.call('DEL', KEYS[1])
`);

/** KEYS: entry, fence. ARGV: nowMs, fenceTtlMs. Returns 1 if the entry was there. */
export const expireScript = new RedisScript(`${untag}
bump(KEYS[2], ARGV[2])
return expireEntry(KEYS[1], ARGV[1])
`);

/**
 * KEYS: tag set. ARGV: entryPrefix, fencePrefix, fenceTtlMs, tagPrefix, 'delete'|'expire', nowMs.
 * Returns how many entries it deleted or expired.
 */
export const tagScript = new RedisScript(`${untag}
local count = 0
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local entryKey = ARGV[1] .. key
  bump(ARGV[2] .. key, ARGV[3])
  if ARGV[5] == 'delete' then
    untag(entryKey, ARGV[4], key, KEYS[1])
    count = count + redis.call('DEL', entryKey)
  else
    count = count + expireEntry(entryKey, ARGV[6])
  end
end
if ARGV[5] == 'delete' then redis.call('DEL', KEYS[1]) end
return count
`);

/** KEYS: lock. ARGV: token. Deletes the lock only if the token still holds it. */
export const releaseScript = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);
