import { type KV, type KvEntry, KvWatchInclude, type NatsConnection, type QueuedIterator } from 'nats';
import { checkOptionsObject, numberOption, requiredObjectWith, runtimeOption } from '../../options.js';
import { invalidOption } from '../../errors.js';
import { type Runtime, type TimerHandle } from '../../runtime/index.js';
import { DuplicateInstanceError, InstanceNotFoundError, RegistryUnavailableError } from '../errors.js';
import { coalescedRefresh } from '../coalesced-refresh.js';
import { type InstanceInput, type InstanceStatus, normalizeInstance, type ServiceInstance } from '../instance.js';
import { byId, checkTtl, type RegisterOptions, type Registry, type Watch } from '../registry.js';

/**
 * Options of {@link NatsRegistry.create}.
 *
 * @example
 * ```ts
 * const options: NatsRegistryOptions = { connection: nc, bucket: 'discovery', maxLeaseMs: 3_600_000, resyncIntervalMs: 1_000, readTimeoutMs: 2_000 };
 * ```
 */
export interface NatsRegistryOptions {
  /** A connected NATS client with JetStream enabled on the server (`connect({ maxReconnectAttempts: -1 })` keeps it reconnecting forever). */
  readonly connection: NatsConnection;
  /** The key-value bucket (created when missing). Default `pacelc_discovery`. */
  readonly bucket?: string;
  /**
   * The longest lease allowed, and the bucket's `max_age`: the server garbage-collects entries older
   * than this. Leases are judged by the registry itself (see {@link NatsRegistry}); this is only the
   * upper bound after which a crashed instance's entry is physically gone. Default 1 h.
   */
  readonly maxLeaseMs?: number;
  /**
   * Watchers re-read the service this often even without notifications, which bounds how long an
   * expired lease (which JetStream does not announce) or a lost notification can go unseen. Default 1000 ms.
   */
  readonly resyncIntervalMs?: number;
  /** A watcher's read that has not answered within this time counts as a failure (the client goes fail-static and says so). Default 2000 ms. */
  readonly readTimeoutMs?: number;
  /** How often the registry re-measures its offset to the server's clock. Default 30 s. */
  readonly clockProbeIntervalMs?: number;
  /** Replicas of the bucket's stream when it is created (1, 3 or 5). Default 1. */
  readonly replicas?: number;
  readonly runtime?: Runtime;
}

/** What one key holds: the instance (without status), its status and its lease. */
interface StoredInstance {
  readonly instance: Omit<ServiceInstance, 'status'>;
  readonly status: InstanceStatus;
  readonly ttlMs: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const clockKey = '_clock';
const casAttempts = 8;

/**
 * A registry in a NATS JetStream key-value bucket.
 *
 * The server this targets (NATS 2.9) has no per-key TTL, only a bucket-wide `max_age`, and an entry
 * removed by `max_age` sends no watch notification. So leases are kept honestly by the registry:
 *
 * - each key (`<service>.<id>`) holds the instance and its `ttlMs`; every register, heartbeat and
 *   status change is a new revision, whose `created` timestamp is stamped by the **server**;
 * - an entry whose last write is older than its `ttlMs` is expired: listings leave it out, and the
 *   first client to notice deletes it (compare-and-set on its revision, so a heartbeat that raced it
 *   wins), which every watcher then hears as a push;
 * - "older" is measured on the server's clock only: the registry estimates its offset to the server
 *   by writing a probe key and reading back its server timestamp (error at most one round trip), so
 *   clock skew between the machines of instances and clients does not shorten or stretch leases;
 * - the bucket's `max_age` (`maxLeaseMs`) is only garbage collection, an upper bound on every lease;
 * - watchers get pushes from a KV watch and also re-read every `resyncIntervalMs`, so a crashed
 *   instance leaves every client's snapshot within TTL + one resync, even though expiry is silent.
 *
 * Writes are compare-and-set on the key's revision: two processes registering one id at different
 * addresses cannot both win (`DuplicateInstanceError`), and a heartbeat cannot resurrect an instance
 * that was deregistered or expired meanwhile.
 *
 * @example
 * ```ts
 * import { connect } from 'nats';
 * import { NatsRegistry } from 'pacelc/discovery/nats';
 * const nc = await connect({ servers: '127.0.0.1:4222', maxReconnectAttempts: -1 });
 * const registry = await NatsRegistry.create({ connection: nc });
 * await registry.register({ service: 'api', id: 'a1', address: '10.0.0.1:8080' }, { ttlMs: 10_000 });
 * ```
 */
export class NatsRegistry implements Registry {
  /** The bucket's name. */
  readonly bucket: string;
  private readonly kv: KV;
  private readonly maxLeaseMs: number;
  private readonly resyncIntervalMs: number;
  private readonly clockProbeIntervalMs: number;
  private readonly readTimeoutMs: number;
  private readonly runtime: Runtime;
  private readonly closers = new Set<() => Promise<void>>();
  private clock: { offsetMs: number; probedAtMs: number } | undefined;
  private readonly reads = new Map<string, { current: Promise<ServiceInstance[]> | undefined; next: Promise<ServiceInstance[]> | undefined }>();
  private probing: Promise<number> | undefined;

  private constructor(kv: KV, bucket: string, maxLeaseMs: number, resyncIntervalMs: number, clockProbeIntervalMs: number, readTimeoutMs: number, runtime: Runtime) {
    this.kv = kv;
    this.bucket = bucket;
    this.maxLeaseMs = maxLeaseMs;
    this.resyncIntervalMs = resyncIntervalMs;
    this.clockProbeIntervalMs = clockProbeIntervalMs;
    this.readTimeoutMs = readTimeoutMs;
    this.runtime = runtime;
  }

  /** Opens (creating when missing) the bucket. */
  static async create(options: NatsRegistryOptions): Promise<NatsRegistry> {
    checkOptionsObject('NatsRegistry', options ?? null);
    requiredObjectWith('connection', options.connection, ['jetstream'], 'a NatsConnection (connect() from nats)');
    const runtime = runtimeOption(options.runtime);
    const bucket = options.bucket ?? 'pacelc_discovery';
    if (typeof bucket !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(bucket)) throw invalidOption('bucket', options.bucket, 'letters, digits, "_" or "-" (at most 64)');
    const maxLeaseMs = numberOption('maxLeaseMs', options.maxLeaseMs, 3_600_000, { min: 1_000, max: 86_400_000 * 7 });
    const resyncIntervalMs = numberOption('resyncIntervalMs', options.resyncIntervalMs, 1_000, { min: 10, max: 2 ** 31 - 1 });
    const clockProbeIntervalMs = numberOption('clockProbeIntervalMs', options.clockProbeIntervalMs, 30_000, { min: 10, max: 2 ** 31 - 1 });
    const readTimeoutMs = numberOption('readTimeoutMs', options.readTimeoutMs, 2_000, { min: 1, max: 2 ** 31 - 1 });
    const replicas = options.replicas ?? 1;
    if (![1, 3, 5].includes(replicas)) throw invalidOption('replicas', options.replicas, '1, 3 or 5');
    const kv = await options.connection.jetstream().views.kv(bucket, { history: 1, ttl: maxLeaseMs, replicas });
    return new NatsRegistry(kv, bucket, maxLeaseMs, resyncIntervalMs, clockProbeIntervalMs, readTimeoutMs, runtime);
  }

  async register(input: InstanceInput, options: RegisterOptions): Promise<ServiceInstance> {
    checkTtl(options.ttlMs);
    if (options.ttlMs > this.maxLeaseMs) throw invalidOption('ttlMs', options.ttlMs, `at most the bucket's maxLeaseMs (${this.maxLeaseMs})`);
    const instance = normalizeInstance(input);
    const { status, ...rest } = instance;
    const value = encode({ instance: rest, status, ttlMs: Math.round(options.ttlMs) });
    const key = keyOf(instance.service, instance.id);
    await this.compareAndSet(key, async (entry) => {
      const current = entry === null ? undefined : await this.live(entry);
      if (current !== undefined && current.instance.address !== instance.address) {
        throw new DuplicateInstanceError(instance.service, instance.id, current.instance.address, instance.address);
      }
      return value; // an expired or deleted entry at another address is replaced
    });
    return instance;
  }

  async heartbeat(service: string, id: string): Promise<void> {
    // The same value again: the new revision's server timestamp renews the lease.
    await this.compareAndSet(keyOf(service, id), async (entry) => {
      const current = entry === null ? undefined : await this.live(entry);
      if (current === undefined) throw new InstanceNotFoundError(service, id);
      return encode(current);
    });
  }

  async setStatus(service: string, id: string, status: InstanceStatus): Promise<void> {
    await this.compareAndSet(keyOf(service, id), async (entry) => {
      const current = entry === null ? undefined : await this.live(entry);
      if (current === undefined) throw new InstanceNotFoundError(service, id);
      return current.status === status ? undefined : encode({ ...current, status });
    });
  }

  async deregister(service: string, id: string): Promise<void> {
    const key = keyOf(service, id);
    const entry = await this.kv.get(key);
    if (entry === null || entry.operation !== 'PUT') return;
    await this.kv.delete(key);
  }

  async instances(service: string): Promise<ServiceInstance[]> {
    const keys: string[] = [];
    for await (const key of await this.kv.keys(`${encodeName(service)}.*`)) keys.push(key);
    const entries = await Promise.all(keys.map((key) => this.kv.get(key)));
    const instances: ServiceInstance[] = [];
    for (const entry of entries) {
      if (entry === null || entry.operation !== 'PUT') continue;
      const stored = await this.live(entry);
      if (stored === undefined) {
        // Expired: remove it so every watcher hears about it (unless a heartbeat renewed it meanwhile).
        await this.kv.delete(entry.key, { previousSeq: entry.revision }).catch(() => undefined);
        continue;
      }
      instances.push({ ...stored.instance, status: stored.status });
    }
    return instances.sort(byId);
  }

  async watch(service: string, onChange: (instances: readonly ServiceInstance[]) => void, onError?: (error: unknown) => void, onConfirm?: () => void): Promise<Watch> {
    let closed = false;
    let timer: TimerHandle | undefined;
    let last: string | undefined;
    let updates: QueuedIterator<KvEntry> | undefined;
    let failure: RegistryUnavailableError | undefined;
    const fail = (what: string, error: unknown): void => {
      failure = new RegistryUnavailableError(`cannot ${what} ${service} in NATS KV bucket ${this.bucket}: ${error instanceof Error ? error.message : String(error)}`, error);
      if (!closed) onError?.(failure);
    };
    // Push: any change under the service's keys triggers a re-read (coalesced).
    const follow = async (): Promise<void> => {
      const opening = this.kv.watch({ key: `${encodeName(service)}.*`, include: KvWatchInclude.UpdatesOnly });
      try {
        updates = await this.withReadTimeout(opening);
      } catch (error) {
        opening.then((late) => late.stop(), () => undefined); // opened after we gave up: the next resync opens another
        fail('watch', error);
        return;
      }
      if (closed) {
        updates.stop();
        updates = undefined;
        return;
      }
      const iterator = updates;
      void (async () => {
        try {
          for await (const _entry of iterator) void refresh();
        } catch (error) {
          fail('watch', error);
        } finally {
          if (updates === iterator) updates = undefined; // the next resync re-creates it
        }
      })();
    };
    const refresh = coalescedRefresh(async () => {
      try {
        const instances = await this.sharedRead(service);
        failure = undefined;
        const fingerprint = JSON.stringify(instances);
        if (!closed && fingerprint !== last) {
          last = fingerprint;
          onChange(instances);
        } else if (!closed) onConfirm?.();
      } catch (error) {
        last = undefined; // the next successful read re-delivers the set, even unchanged: that is how the client learns the registry is back
        fail('read', error);
      }
    }, () => closed);
    const schedule = (): void => {
      timer = this.runtime.setTimer(this.resyncIntervalMs, () => {
        if (closed) return;
        void (async () => {
          if (updates === undefined) await follow();
          await refresh();
        })().finally(() => {
          if (!closed) schedule();
        });
      });
    };
    await follow();
    await refresh();
    // The first snapshot is delivered even when the registry could not be read, as the contract requires.
    // When the first read failed, the empty snapshot is followed by the error again (so the watcher
    // ends up knowing the registry is unreachable), and `last` stays unset so the first successful
    // read is delivered even if the service is empty.
    if (last === undefined) {
      onChange([]);
      if (failure !== undefined) onError?.(failure);
    }
    schedule();
    const close = async (): Promise<void> => {
      closed = true;
      timer?.cancel();
      this.closers.delete(close);
      updates?.stop();
      updates = undefined;
    };
    this.closers.add(close);
    return { close };
  }

  async close(): Promise<void> {
    for (const close of [...this.closers]) await close();
  }

  /** Deletes the bucket and everything in it (for tests and teardown). */
  async destroy(): Promise<void> {
    await this.close();
    await this.kv.destroy();
  }

  /**
   * A read of the service for watchers, shared by every watcher of this registry that asks while it
   * is pending: a change notifies them all at once, and one read serves them. A watcher that asks
   * while a read is in flight gets the next one (which starts after its request), never a read that
   * may predate the change it heard about.
   */
  private sharedRead(service: string): Promise<ServiceInstance[]> {
    let state = this.reads.get(service);
    if (state === undefined) {
      state = { current: undefined, next: undefined };
      this.reads.set(service, state);
    }
    const reads = state;
    if (reads.current === undefined) {
      // The timeout is on the shared read itself: a read hung by a partition must not hold back the ones queued behind it.
      reads.current = this.withReadTimeout(this.instances(service)).finally(() => {
        reads.current = undefined;
        if (reads.next === undefined) this.reads.delete(service);
      });
      return reads.current;
    }
    reads.next ??= reads.current
      .catch(() => undefined)
      .then(() => {
        reads.next = undefined;
        return this.sharedRead(service);
      });
    return reads.next;
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

  /** The stored instance when the entry is a live lease, else undefined. */
  private async live(entry: KvEntry): Promise<StoredInstance | undefined> {
    if (entry.operation !== 'PUT') return undefined;
    const stored = decode(entry);
    if (stored === undefined) return undefined;
    const serverNowMs = await this.serverNowMs();
    return serverNowMs - entry.created.getTime() < stored.ttlMs ? stored : undefined;
  }

  /**
   * The server's clock now, estimated from a probe: write a key, read back the timestamp the server
   * gave it, and take the local monotonic midpoint of that round trip as the same instant.
   */
  private async serverNowMs(): Promise<number> {
    const nowMs = this.runtime.clock.monotonicMs();
    if (this.clock !== undefined && nowMs - this.clock.probedAtMs < this.clockProbeIntervalMs) return nowMs + this.clock.offsetMs;
    this.probing ??= (async () => {
      try {
        const beforeMs = this.runtime.clock.monotonicMs();
        await this.kv.put(clockKey, encoder.encode(''));
        const entry = await this.kv.get(clockKey);
        const afterMs = this.runtime.clock.monotonicMs();
        if (entry === null) throw new Error(`the clock probe key of bucket ${this.bucket} vanished`);
        this.clock = { offsetMs: entry.created.getTime() - (beforeMs + afterMs) / 2, probedAtMs: afterMs };
        return this.clock.offsetMs;
      } finally {
        this.probing = undefined;
      }
    })();
    const offsetMs = await this.probing;
    return this.runtime.clock.monotonicMs() + offsetMs;
  }

  /**
   * Reads the key, asks `next` for the new value (undefined: leave it), and writes it only if the
   * key is still at the revision read; retries a bounded number of times when another writer won.
   */
  private async compareAndSet(key: string, next: (entry: KvEntry | null) => Promise<Uint8Array | undefined>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const entry = await this.kv.get(key);
      const value = await next(entry);
      if (value === undefined) return;
      try {
        if (entry === null) await this.kv.create(key, value);
        else await this.kv.update(key, value, entry.revision);
        return;
      } catch (error) {
        if (attempt >= casAttempts || !isRevisionConflict(error)) throw error;
      }
    }
  }
}

/** Service and id names may contain ".", which separates KV key tokens; names never contain "=". */
function encodeName(name: string): string {
  return name.replaceAll('.', '=');
}

function keyOf(service: string, id: string): string {
  return `${encodeName(service)}.${encodeName(id)}`;
}

function encode(stored: StoredInstance): Uint8Array {
  return encoder.encode(JSON.stringify(stored));
}

function decode(entry: KvEntry): StoredInstance | undefined {
  try {
    const stored = JSON.parse(decoder.decode(entry.value)) as StoredInstance;
    return typeof stored.ttlMs === 'number' && typeof stored.instance?.address === 'string' ? stored : undefined;
  } catch {
    return undefined; // not ours: ignore rather than break every listing
  }
}

function isRevisionConflict(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /wrong last sequence|key exists/i.test(message);
}
