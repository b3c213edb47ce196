import type { NatsConnection, Subscription } from 'nats';
import type { BusSubscription, InvalidationBus, InvalidationMessage } from '../invalidation-bus.js';

/**
 * Options of {@link NatsInvalidationBus}.
 *
 * @example
 * ```ts
 * new NatsInvalidationBus(nc, { subject: 'shop.cache.invalidations', confirm: true });
 * ```
 */
export interface NatsInvalidationBusOptions {
  /** Subject the invalidations travel on. Default `pacelc.cache.invalidations`. */
  readonly subject?: string;
  /** Wait for the server to acknowledge each publish (a `flush` round trip), so a failure is seen and retried. Default true. */
  readonly confirm?: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * An {@link InvalidationBus} on core NATS. Publishes are confirmed by a flush round trip (so the
 * cache's retry sees failures); each subscription is a plain NATS subscription. Core NATS does not
 * replay messages missed while disconnected, so after every reconnect the subscriber is handed a
 * `clear`: its L1 is dropped rather than trusted.
 *
 * @example
 * ```ts
 * import { connect } from 'nats';
 * import { Cache } from 'pacelc/cache';
 * import { NatsInvalidationBus } from 'pacelc/cache/nats';
 * const nc = await connect({ servers: '127.0.0.1:4222' });
 * const cache = new Cache({ bus: new NatsInvalidationBus(nc, { subject: 'shop.cache.invalidations' }) });
 * await cache.ready();
 * ```
 */
export class NatsInvalidationBus implements InvalidationBus {
  private readonly subject: string;
  private readonly confirm: boolean;

  constructor(
    private readonly connection: NatsConnection,
    options: NatsInvalidationBusOptions = {},
  ) {
    this.subject = options.subject ?? 'pacelc.cache.invalidations';
    this.confirm = options.confirm ?? true;
  }

  async publish(message: InvalidationMessage): Promise<void> {
    this.connection.publish(this.subject, encoder.encode(JSON.stringify(message)));
    if (this.confirm) await this.connection.flush();
  }

  async subscribe(handler: (message: InvalidationMessage) => void): Promise<BusSubscription> {
    const subscription: Subscription = this.connection.subscribe(this.subject, {
      callback: (error, received) => {
        if (error !== null) return;
        let message: InvalidationMessage;
        try {
          message = JSON.parse(decoder.decode(received.data)) as InvalidationMessage;
        } catch {
          return;
        }
        handler(message);
      },
    });
    let active = true;
    void (async () => {
      for await (const status of this.connection.status()) {
        if (!active) break;
        if (status.type === 'reconnect') handler({ origin: `${this.subject}#reconnect`, action: 'clear' });
      }
    })().catch(() => {});
    await this.connection.flush(); // the subscription is registered on the server
    return {
      unsubscribe: async () => {
        active = false;
        subscription.unsubscribe();
      },
    };
  }
}
