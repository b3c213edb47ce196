import type { Redis } from 'ioredis';
import { checkOptionsObject, numberOption, requiredObjectWith, runtimeOption } from '../../options.js';
import { invalidOption } from '../../errors.js';
import { type Runtime, type TimerHandle } from '../../runtime/index.js';
import { DuplicateInstanceError, InstanceNotFoundError, RegistryUnavailableError } from '../errors.js';
import { coalescedRefresh } from '../coalesced-refresh.js';
import { type InstanceInput, type InstanceStatus, normalizeInstance, type ServiceInstance } from '../instance.js';
import { byId, checkTtl, type RegisterOptions, type Registry, type Watch } from '../registry.js';

// Keys of one service share a {hash tag}, so they live in one Redis Cluster slot.
//   <prefix>:{<service>}:i:<id>   hash { json, address, status, ttl } with the lease as its TTL
//   <prefix>:{<service>}:leases   sorted set id → lease expiry (Redis server time, ms)
//   <prefix>:{<service>}:changes  pub/sub channel: a message after every change
const nowMsLua = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";

const registerScript = `
local address = redis.call('HGET', KEYS[1], 'address')
if address and address ~= ARGV[3] then return {0, address} end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'address', ARGV[3], 'status', ARGV[5], 'ttl', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
${nowMsLua}
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[4])
redis.call('PUBLISH', KEYS[3], 'register ' .. ARGV[4])
return {1, ''}`;

const heartbeatScript = `
local ttl = redis.call('HGET', KEYS[1], 'ttl')
if not ttl then return 0 end
redis.call('PEXPIRE', KEYS[1], ttl)
${nowMsLua}
redis.call('ZADD', KEYS[2], now + tonumber(ttl), ARGV[1])
return 1`;

const statusScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[1], 'status') ~= ARGV[1] then
  redis.call('HSET', KEYS[1], 'status', ARGV[1])
  redis.call('PUBLISH', KEYS[2], 'status ' .. ARGV[2])
end
return 1`;

const deregisterScript = `
local removed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if removed == 1 then redis.call('PUBLISH', KEYS[3], 'deregister ' .. ARGV[1]) end
return removed`;

// Lists live instances and forgets expired leases (announcing them, so every watcher hears it).
const listScript = `
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
local expired = 0
for _, id in ipairs(ids) do
  local fields = redis.call('HMGET', ARGV[1] .. id, 'json', 'status')
  if fields[1] then
    table.insert(out, fields[1])
    table.insert(out, fields[2])
  else
    redis.call('ZREM', KEYS[1], id)
    expired = expired + 1
  end
end
if expired > 0 then redis.call('PUBLISH', KEYS[2], 'expired ' .. expired) end
return out`;

/** Options of {@link RedisRegistry}. */
export interface RedisRegistryOptions {
  /** A connected ioredis client; the registry duplicates it for its pub/sub subscriptions. */
  readonly redis: Redis;
  /** Key prefix. Default `pacelc:discovery`. */
  readonly prefix?: string;
  /**
   * Watchers re-read the service this often even without notifications, which bounds how long an
   * expired lease (which sends no notification by itself) or a lost message can go unseen. Default 1000 ms.
   */
  readonly resyncIntervalMs?: number;
  /**
   * A watcher's read that has not answered within this time counts as a failure (the client goes
   * fail-static and says so). A partition drops bytes without closing the socket, and a default
   * ioredis client waits forever for the reply. Default 2000 ms.
   */
  readonly readTimeoutMs?: number;
  readonly runtime?: Runtime;
}

type RegistryCommands = {
  pacelcRegister(k1: string, k2: string, k3: string, json: string, ttl: number, address: string, id: string, status: string): Promise<[number, string]>;
  pacelcHeartbeat(k1: string, k2: string, id: string): Promise<number>;
  pacelcStatus(k1: string, k2: string, status: string, id: string): Promise<number>;
  pacelcDeregister(k1: string, k2: string, k3: string, id: string): Promise<number>;
  pacelcList(k1: string, k2: string, instancePrefix: string): Promise<string[]>;
};

/**
 * A registry in Redis: each instance is a hash whose TTL is its lease, so a crashed instance's
 * entry expires by itself; changes are published on a channel per service and watchers also
 * re-read every `resyncIntervalMs`, so a removal reaches every client within TTL + that interval
 * even when a notification is lost. All writes are atomic Lua scripts on Redis's own clock.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisRegistry } from 'pacelc/discovery/redis';
 * const registry = new RedisRegistry({ redis: new Redis('redis://127.0.0.1:6379') });
 * await registry.register({ service: 'api', id: 'a1', address: '10.0.0.1:8080' }, { ttlMs: 10_000 });
 * ```
 */
export class RedisRegistry implements Registry {
  private readonly redis: Redis & RegistryCommands;
  private readonly prefix: string;
  private readonly resyncIntervalMs: number;
  private readonly readTimeoutMs: number;
  private readonly runtime: Runtime;
  private subscriber: Redis | undefined;
  private readonly channelListeners = new Map<string, Set<() => void>>();
  private readonly closers = new Set<() => Promise<void>>();

  constructor(options: RedisRegistryOptions) {
    checkOptionsObject('RedisRegistry', options ?? null);
    requiredObjectWith('redis', options.redis, ['defineCommand', 'duplicate'], 'an ioredis client');
    this.prefix = options.prefix ?? 'pacelc:discovery';
    if (typeof this.prefix !== 'string' || !/^[\w:.-]{1,64}$/.test(this.prefix)) throw invalidOption('prefix', options.prefix, 'letters, digits, ":", ".", "_" or "-" (at most 64)');
    this.resyncIntervalMs = numberOption('resyncIntervalMs', options.resyncIntervalMs, 1_000, { min: 10, max: 2 ** 31 - 1 });
    this.readTimeoutMs = numberOption('readTimeoutMs', options.readTimeoutMs, 2_000, { min: 1, max: 2 ** 31 - 1 });
    this.runtime = runtimeOption(options.runtime);
    const redis = options.redis as Redis & RegistryCommands;
    if (typeof redis.pacelcList !== 'function') {
      redis.defineCommand('pacelcRegister', { numberOfKeys: 3, lua: registerScript });
      redis.defineCommand('pacelcHeartbeat', { numberOfKeys: 2, lua: heartbeatScript });
      redis.defineCommand('pacelcStatus', { numberOfKeys: 2, lua: statusScript });
      redis.defineCommand('pacelcDeregister', { numberOfKeys: 3, lua: deregisterScript });
      redis.defineCommand('pacelcList', { numberOfKeys: 2, lua: listScript });
    }
    this.redis = redis;
  }

  async register(input: InstanceInput, options: RegisterOptions): Promise<ServiceInstance> {
    checkTtl(options.ttlMs);
    const instance = normalizeInstance(input);
    const keys = this.keys(instance.service);
    const { status: _status, ...stored } = instance;
    const [ok, existing] = await this.redis.pacelcRegister(keys.instance(instance.id), keys.leases, keys.changes, JSON.stringify(stored), Math.round(options.ttlMs), instance.address, instance.id, instance.status);
    if (ok !== 1) throw new DuplicateInstanceError(instance.service, instance.id, existing, instance.address);
    return instance;
  }

  async heartbeat(service: string, id: string): Promise<void> {
    const keys = this.keys(service);
    // Renews with the TTL the instance registered with (kept in its hash).
    if ((await this.redis.pacelcHeartbeat(keys.instance(id), keys.leases, id)) !== 1) throw new InstanceNotFoundError(service, id);
  }

  async setStatus(service: string, id: string, status: InstanceStatus): Promise<void> {
    const keys = this.keys(service);
    if ((await this.redis.pacelcStatus(keys.instance(id), keys.changes, status, id)) !== 1) throw new InstanceNotFoundError(service, id);
  }

  async deregister(service: string, id: string): Promise<void> {
    const keys = this.keys(service);
    await this.redis.pacelcDeregister(keys.instance(id), keys.leases, keys.changes, id);
  }

  async instances(service: string): Promise<ServiceInstance[]> {
    const keys = this.keys(service);
    const flat = await this.redis.pacelcList(keys.leases, keys.changes, keys.instance(''));
    const instances: ServiceInstance[] = [];
    for (let index = 0; index + 1 < flat.length; index += 2) {
      instances.push({ ...(JSON.parse(flat[index] as string) as Omit<ServiceInstance, 'status'>), status: flat[index + 1] as InstanceStatus });
    }
    return instances.sort(byId);
  }

  async watch(service: string, onChange: (instances: readonly ServiceInstance[]) => void, onError?: (error: unknown) => void, onConfirm?: () => void): Promise<Watch> {
    let closed = false;
    let timer: TimerHandle | undefined;
    let last = '';
    let failure: RegistryUnavailableError | undefined;
    const refresh = coalescedRefresh(async () => {
      try {
        const instances = await this.withReadTimeout(this.instances(service));
        const fingerprint = JSON.stringify(instances);
        failure = undefined;
        if (!closed && fingerprint !== last) {
          last = fingerprint;
          onChange(instances);
        } else if (!closed) onConfirm?.();
      } catch (error) {
        last = ''; // the next successful read re-delivers the set, even unchanged: that is how the client learns the registry is back
        failure = new RegistryUnavailableError(`cannot read ${service} from Redis: ${error instanceof Error ? error.message : String(error)}`, error);
        if (!closed) onError?.(failure);
      }
    }, () => closed);
    const schedule = (): void => {
      timer = this.runtime.setTimer(this.resyncIntervalMs, () => {
        if (closed) return;
        void refresh().finally(() => {
          if (!closed) schedule();
        });
      });
    };
    const listener = (): void => void refresh();
    const channel = this.keys(service).changes;
    await this.subscribe(channel, listener).catch((error: unknown) => onError?.(new RegistryUnavailableError(`cannot subscribe to ${channel}: ${String(error)}`, error)));
    await refresh();
    // The first snapshot is delivered even when empty, as the contract requires.
    // When the first read failed, the empty snapshot is followed by the error again (so the watcher
    // ends up knowing the registry is unreachable), and `last` stays empty so the first successful
    // read is delivered even if the service is empty.
    if (last === '') {
      onChange([]);
      if (failure !== undefined) onError?.(failure);
    }
    schedule();
    const close = async (): Promise<void> => {
      closed = true;
      timer?.cancel();
      this.closers.delete(close);
      await this.unsubscribe(channel, listener);
    };
    this.closers.add(close);
    return { close };
  }

  async close(): Promise<void> {
    for (const close of [...this.closers]) await close();
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  private async withReadTimeout<T>(read: Promise<T>): Promise<T> {
    let timer: TimerHandle | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = this.runtime.setTimer(this.readTimeoutMs, () => reject(new Error(`no answer within ${this.readTimeoutMs} ms`)));
    });
    try {
      return await Promise.race([read, timeout]);
    } finally {
      timer?.cancel();
      read.catch(() => {}); // a late failure of an abandoned read is not unhandled
    }
  }

  private keys(service: string): { instance: (id: string) => string; leases: string; changes: string } {
    const base = `${this.prefix}:{${service}}`;
    return { instance: (id) => `${base}:i:${id}`, leases: `${base}:leases`, changes: `${base}:changes` };
  }

  private async subscribe(channel: string, listener: () => void): Promise<void> {
    if (this.subscriber === undefined) {
      // ioredis's own re-subscribe after a reconnect drops the SUBSCRIBE's promise: with a
      // commandTimeout (inherited from the caller's client) a slow answer became an unhandled
      // rejection. The registry (re-)subscribes itself on every connection, and handles the failure
      // (on the first one too: a SUBSCRIBE refused before it, by a client without an offline queue,
      // is made good there).
      const subscriber = this.redis.duplicate({ autoResubscribe: false });
      subscriber.on('ready', () => void this.resubscribe(subscriber));
      subscriber.on('message', (from: string) => {
        for (const callback of this.channelListeners.get(from) ?? []) callback();
      });
      subscriber.on('error', () => {}); // reconnects by itself; resyncs cover the gap
      this.subscriber = subscriber;
    }
    let listeners = this.channelListeners.get(channel);
    if (listeners === undefined) {
      listeners = new Set();
      this.channelListeners.set(channel, listeners);
      await this.subscriber.subscribe(channel);
    }
    listeners.add(listener);
  }

  /**
   * Once connected (again): subscribes to every watched channel (SUBSCRIBE is idempotent), then wakes
   * their watchers (changes announced while disconnected were missed). If Redis does not answer, the connection is dropped and
   * reconnected, which brings the next attempt; the watchers' periodic resync covers the gap.
   */
  private async resubscribe(subscriber: Redis): Promise<void> {
    const channels = [...this.channelListeners.keys()];
    if (channels.length === 0) return;
    try {
      await subscriber.subscribe(...channels);
    } catch {
      if (this.subscriber === subscriber) subscriber.disconnect(true);
      return;
    }
    for (const channel of channels) for (const callback of this.channelListeners.get(channel) ?? []) callback();
  }

  private async unsubscribe(channel: string, listener: () => void): Promise<void> {
    const listeners = this.channelListeners.get(channel);
    listeners?.delete(listener);
    if (listeners !== undefined && listeners.size === 0) {
      this.channelListeners.delete(channel);
      await this.subscriber?.unsubscribe(channel).catch(() => {});
    }
  }
}
