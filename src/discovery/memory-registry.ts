import type { Runtime, TimerHandle } from '../runtime/index.js';
import { checkOptionsObject, runtimeOption } from '../options.js';
import { DuplicateInstanceError, InstanceNotFoundError } from './errors.js';
import { type InstanceInput, type InstanceStatus, normalizeInstance, type ServiceInstance, sameEndpoint } from './instance.js';
import { byId, checkTtl, type RegisterOptions, type Registry, type Watch } from './registry.js';

interface Lease {
  instance: ServiceInstance;
  ttlMs: number;
  expiry: TimerHandle;
}

/**
 * A registry in this process: for tests, the simulator, and single-process deployments. Leases
 * expire on the runtime's timers, so on a `ManualRuntime` a crash can be shown on virtual time.
 *
 * @example
 * ```ts
 * import { MemoryRegistry } from 'pacelc/discovery';
 * const registry = new MemoryRegistry();
 * await registry.register({ service: 'api', id: 'a1', address: '127.0.0.1:8080' }, { ttlMs: 5_000 });
 * (await registry.instances('api')).length; // 1
 * ```
 */
export class MemoryRegistry implements Registry {
  private readonly runtime: Runtime;
  private readonly services = new Map<string, Map<string, Lease>>();
  private readonly watchers = new Map<string, Set<(instances: readonly ServiceInstance[]) => void>>();

  constructor(options: { readonly runtime?: Runtime } = {}) {
    checkOptionsObject('MemoryRegistry', options);
    this.runtime = runtimeOption(options.runtime);
  }

  async register(input: InstanceInput, options: RegisterOptions): Promise<ServiceInstance> {
    checkTtl(options.ttlMs);
    const instance = normalizeInstance(input);
    const leases = this.leasesOf(instance.service);
    const existing = leases.get(instance.id);
    if (existing !== undefined && !sameEndpoint(existing.instance, instance)) {
      throw new DuplicateInstanceError(instance.service, instance.id, existing.instance.address, instance.address);
    }
    existing?.expiry.cancel();
    leases.set(instance.id, { instance, ttlMs: options.ttlMs, expiry: this.expireLater(instance.service, instance.id, options.ttlMs) });
    this.notify(instance.service);
    return instance;
  }

  async heartbeat(service: string, id: string): Promise<void> {
    const lease = this.leaseOf(service, id);
    lease.expiry.cancel();
    lease.expiry = this.expireLater(service, id, lease.ttlMs);
  }

  async setStatus(service: string, id: string, status: InstanceStatus): Promise<void> {
    const lease = this.leaseOf(service, id);
    if (lease.instance.status === status) return;
    lease.instance = { ...lease.instance, status };
    this.notify(service);
  }

  async deregister(service: string, id: string): Promise<void> {
    const lease = this.services.get(service)?.get(id);
    if (lease === undefined) return;
    lease.expiry.cancel();
    this.services.get(service)?.delete(id);
    this.notify(service);
  }

  async instances(service: string): Promise<ServiceInstance[]> {
    return this.snapshot(service);
  }

  async watch(service: string, onChange: (instances: readonly ServiceInstance[]) => void): Promise<Watch> {
    let listeners = this.watchers.get(service);
    if (listeners === undefined) {
      listeners = new Set();
      this.watchers.set(service, listeners);
    }
    const listener = (instances: readonly ServiceInstance[]): void => onChange(instances);
    listeners.add(listener);
    onChange(this.snapshot(service));
    return { close: async () => void listeners.delete(listener) };
  }

  async close(): Promise<void> {
    for (const leases of this.services.values()) for (const lease of leases.values()) lease.expiry.cancel();
    this.services.clear();
    this.watchers.clear();
  }

  private expireLater(service: string, id: string, ttlMs: number): TimerHandle {
    return this.runtime.setTimer(ttlMs, () => {
      if (this.services.get(service)?.delete(id) === true) this.notify(service);
    });
  }

  private leasesOf(service: string): Map<string, Lease> {
    let leases = this.services.get(service);
    if (leases === undefined) {
      leases = new Map();
      this.services.set(service, leases);
    }
    return leases;
  }

  private leaseOf(service: string, id: string): Lease {
    const lease = this.services.get(service)?.get(id);
    if (lease === undefined) throw new InstanceNotFoundError(service, id);
    return lease;
  }

  private snapshot(service: string): ServiceInstance[] {
    return [...(this.services.get(service)?.values() ?? [])].map((lease) => lease.instance).sort(byId);
  }

  private notify(service: string): void {
    const listeners = this.watchers.get(service);
    if (listeners === undefined || listeners.size === 0) return;
    const instances = this.snapshot(service);
    for (const listener of listeners) listener(instances);
  }
}
