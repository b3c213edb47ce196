import { type Runtime, type RuntimeOptions } from '../runtime/index.js';
import { checkOptionsObject, numberOption, runtimeOption } from '../options.js';

/**
 * One invalidation, as carried between cache instances. Buses carry invalidations only, never
 * values: a receiver drops (or expires) the named entries from its L1 and reads the shared L2 or
 * the source next time.
 *
 * @example
 * ```ts
 * const message: InvalidationMessage = { origin: 'api-7', action: 'delete', keys: ['user:1'] };
 * ```
 */
export interface InvalidationMessage {
  /** The instance that published it (receivers ignore their own messages). */
  readonly origin: string;
  /** `delete`: drop; `expire`: keep only as stale (grace); `clear`: drop everything. */
  readonly action: 'delete' | 'expire' | 'clear';
  readonly keys?: readonly string[];
  readonly tags?: readonly string[];
  readonly prefixes?: readonly string[];
}

/**
 * A live subscription to a bus.
 *
 * @example
 * ```ts
 * const subscription = await bus.subscribe(handler);
 * await subscription.unsubscribe();
 * ```
 */
export interface BusSubscription {
  unsubscribe(): Promise<void>;
}

/**
 * Carries invalidations between cache instances: in-process ({@link MemoryInvalidationBus}),
 * Redis pub/sub (`RedisInvalidationBus` in `pacelc/cache/redis`), or your own. Delivery is at most
 * once; the cache retries failed publishes and bounds the staleness of a lost message with its
 * L1 TTL cap (`l1MaxTtlMs`).
 *
 * @example
 * ```ts
 * const subscription = await bus.subscribe((message) => console.log(message.keys));
 * await bus.publish({ origin: 'a', action: 'delete', keys: ['k'] });
 * ```
 */
export interface InvalidationBus {
  publish(message: InvalidationMessage): Promise<void>;
  subscribe(handler: (message: InvalidationMessage) => void): Promise<BusSubscription>;
}

/**
 * Options of {@link MemoryInvalidationBus}.
 *
 * @example
 * ```ts
 * const bus = new MemoryInvalidationBus({ runtime, delayMs: 30 }); // every message arrives 30 ms later
 * ```
 */
export interface MemoryInvalidationBusOptions extends RuntimeOptions {
  /** Delivery delay in ms (>= 0), through the runtime's timers. Default 0 (next microtask). */
  readonly delayMs?: number;
}

/**
 * An in-process bus: every subscriber gets every message, after `delayMs` on the runtime's
 * timers. For several cache instances in one process, and for tests of cross-instance behaviour
 * on virtual time.
 *
 * @example
 * ```ts
 * import { Cache, MemoryInvalidationBus } from 'pacelc/cache';
 * const bus = new MemoryInvalidationBus();
 * const a = new Cache({ bus });
 * const b = new Cache({ bus });
 * await a.ready(); await b.ready();
 * await a.delete('k'); // b's L1 drops 'k' too
 * ```
 */
export class MemoryInvalidationBus implements InvalidationBus {
  private readonly handlers = new Set<(message: InvalidationMessage) => void>();
  private readonly runtime: Runtime;
  private readonly delayMs: number;
  /** Messages published so far. */
  published = 0;

  constructor(options: MemoryInvalidationBusOptions = {}) {
    checkOptionsObject('MemoryInvalidationBus', options);
    this.runtime = runtimeOption(options.runtime);
    this.delayMs = numberOption('delayMs', options.delayMs, 0, { min: 0, max: 2 ** 31 - 1 });
  }

  async publish(message: InvalidationMessage): Promise<void> {
    this.published++;
    const frozen = structuredClone(message);
    for (const handler of [...this.handlers]) {
      if (this.delayMs === 0) queueMicrotask(() => handler(frozen));
      else this.runtime.setTimer(this.delayMs, () => handler(frozen));
    }
  }

  async subscribe(handler: (message: InvalidationMessage) => void): Promise<BusSubscription> {
    this.handlers.add(handler);
    return { unsubscribe: async () => void this.handlers.delete(handler) };
  }
}
