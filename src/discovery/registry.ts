import type { InstanceInput, InstanceStatus, ServiceInstance } from './instance.js';

/** Options of {@link Registry.register}. */
export interface RegisterOptions {
  /** The lease: without a heartbeat within this time the instance is removed. */
  readonly ttlMs: number;
}

/** A subscription to a service's instances; `close()` ends it. */
export interface Watch {
  close(): Promise<void>;
}

/**
 * Where instances register and clients find them. Every backend (memory, Redis, NATS
 * JetStream KV) passes the same contract suite (`registry.contract.ts`).
 *
 * Semantics: an instance lives while its lease (TTL) is renewed by heartbeats; a crashed
 * instance disappears when its lease runs out; watchers receive the full live set after every
 * change, never a registry round trip per request.
 *
 * @example
 * ```ts
 * const registry = new MemoryRegistry();
 * await registry.register({ service: 'api', id: 'a1', address: '10.0.0.1:80' }, { ttlMs: 10_000 });
 * const watch = await registry.watch('api', (instances) => console.log(instances.map((i) => i.id)));
 * ```
 */
export interface Registry {
  /** Registers (or re-registers, renewing the lease) an instance. Same id, other address → `DuplicateInstanceError`. */
  register(instance: InstanceInput, options: RegisterOptions): Promise<ServiceInstance>;
  /** Renews the lease. An expired or unknown instance → `InstanceNotFoundError` (register again). */
  heartbeat(service: string, id: string): Promise<void>;
  /** Marks an instance passing, draining or critical; watchers see the change. */
  setStatus(service: string, id: string, status: InstanceStatus): Promise<void>;
  /** Removes an instance now. Removing an unknown instance is a no-op. */
  deregister(service: string, id: string): Promise<void>;
  /** The live instances of a service, sorted by id. */
  instances(service: string): Promise<ServiceInstance[]>;
  /**
   * Calls `onChange` with the live instances now and after every change (sorted by id). When the
   * registry cannot be reached, `onError` is called instead and the last snapshot stays valid.
   */
  watch(
    service: string,
    onChange: (instances: readonly ServiceInstance[]) => void,
    onError?: (error: unknown) => void,
    /** Called when a re-read found the set unchanged, so clients can tell a quiet registry from a silent one. In-process registries push every change and never need it. */
    onConfirm?: () => void,
  ): Promise<Watch>;
  /** Stops timers and connections the registry owns. */
  close(): Promise<void>;
}

/** Throws a RangeError unless `ttlMs` is a sensible lease. */
export function checkTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs < 10 || ttlMs > 86_400_000) {
    throw new RangeError(`Invalid option ttlMs: expected a number of ms from 10 to 86400000, received ${String(ttlMs)}`);
  }
}

export function byId(a: ServiceInstance, b: ServiceInstance): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
