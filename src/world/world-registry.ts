import type { MemoryRegistry } from '../discovery/memory-registry.js';
import type { ServiceInstance } from '../discovery/instance.js';
import type { Registry } from '../discovery/registry.js';
import type { Runtime } from '../runtime/runtime.js';
import { WorldTimeoutError } from './world-errors.js';

/** How long a registry call waits for an answer that cannot come, in ms (a Redis or NATS client's request timeout). */
export const REGISTRY_TIMEOUT_MS = 500;

interface WatchEntry {
  readonly service: string;
  readonly canReach: () => boolean;
  readonly alive: () => boolean;
  readonly onChange: (instances: readonly ServiceInstance[]) => void;
  readonly onError: ((error: unknown) => void) | undefined;
  /** The registry's latest set, whether or not the watcher could be told. */
  latest: readonly ServiceInstance[];
  /** Whether the watcher's connection is up (it was told the latest set). */
  connected: boolean;
}

/**
 * The world's service registry: one registry (the memory registry, leases on the world's clock)
 * living on the broker's server, as the NATS registry lives in NATS (its KV bucket next to the
 * JetStream streams). A process reaches it while the broker is up and no partition cuts the two
 * apart; otherwise every call (register, heartbeat, setStatus, deregister, instances, watch)
 * fails after {@link REGISTRY_TIMEOUT_MS} with a `WorldTimeoutError`, and a watch stops seeing
 * changes: it reports the loss through `onError` (a discovery client then routes on its last
 * set) and, when the link comes back, delivers the current set. A registry call that can reach
 * takes no time (it sends no message), so a run whose processes always reach the registry is the
 * run it was before the registry could be cut off.
 *
 * @example
 * ```ts
 * const registry = new WorldRegistry(new MemoryRegistry({ runtime: world.runtime }));
 * const forPayment = registry.forProcess(() => broker.alive(), payment.runtime, () => payment.up);
 * ```
 */
export class WorldRegistry {
  private readonly watches = new Set<WatchEntry>();

  constructor(private readonly inner: MemoryRegistry) {}

  /**
   * The registry as one process sees it: `canReach` says whether the registry's server can be
   * reached now, `runtime` times the calls that cannot, `alive` is the calling incarnation's life
   * (a dead incarnation's watch callbacks never run).
   */
  forProcess(canReach: () => boolean, runtime: Runtime, alive: () => boolean): Registry {
    const inner = this.inner;
    // The reachable path calls the memory registry directly (no extra promise step), so a run
    // whose processes always reach the registry runs exactly as it did before it could be cut off.
    const reach = <T>(method: string, work: () => Promise<T>): Promise<T> =>
      canReach()
        ? work()
        : runtime.sleep(REGISTRY_TIMEOUT_MS).then(() => {
            throw new WorldTimeoutError('registry', method, REGISTRY_TIMEOUT_MS);
          });
    return {
      register: (instance, options) => reach('register', () => inner.register(instance, options)),
      heartbeat: (service, id) => reach('heartbeat', () => inner.heartbeat(service, id)),
      setStatus: (service, id, status) => reach('setStatus', () => inner.setStatus(service, id, status)),
      deregister: (service, id) => reach('deregister', () => inner.deregister(service, id)),
      instances: (service) => reach('instances', () => inner.instances(service)),
      watch: (service, onChange, onError) =>
        reach('watch', () => {
          const entry: WatchEntry = { service, canReach, alive, onChange, onError, latest: [], connected: true };
          this.watches.add(entry);
          const watch = inner.watch(service, (instances) => {
            entry.latest = instances;
            if (entry.connected && entry.alive()) entry.onChange(instances);
          });
          // Closing the watch forgets it here too (set before the caller's await resumes).
          void watch.then((opened) => {
            const close = opened.close.bind(opened);
            (opened as { close: () => Promise<void> }).close = () => {
              this.watches.delete(entry);
              return close();
            };
          });
          return watch;
        }),
      close: () => Promise.resolve(), // the registry outlives the process
    };
  }

  /**
   * Re-reads who can reach the registry (after a partition began or healed, the broker crashed or
   * restarted): a watch that lost it reports an error; one that got it back gets the current set.
   */
  reachabilityChanged(): void {
    for (const entry of this.watches) {
      if (!entry.alive()) {
        this.watches.delete(entry);
        continue;
      }
      const reachable = entry.canReach();
      if (reachable === entry.connected) continue;
      entry.connected = reachable;
      if (reachable) entry.onChange(entry.latest);
      else entry.onError?.(new WorldTimeoutError('registry', `watch ${entry.service}`, REGISTRY_TIMEOUT_MS));
    }
  }
}
