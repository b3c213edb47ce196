import type { NatsConnection, Subscription } from 'nats';
import { checkOptionsObject, optionalBoolean, optionalString, requiredObjectWith } from '../../options.js';
import { invalidOption } from '../../errors.js';
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

/** A publishable NATS subject: tokens of printable characters other than `*` and `>`, separated by single dots. */
const SUBJECT = /^[^\s.*>]+(\.[^\s.*>]+)*$/u;
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
    requiredObjectWith('connection', connection, ['publish', 'subscribe', 'flush'], 'a NatsConnection (connect() from nats)');
    checkOptionsObject('NatsInvalidationBus', options);
    this.subject = optionalString('subject', options.subject) ?? 'pacelc.cache.invalidations';
    if (!SUBJECT.test(this.subject)) throw invalidOption('subject', options.subject, 'dot-separated tokens without spaces or wildcards (* >)');
    this.confirm = optionalBoolean('confirm', options.confirm) ?? true;
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
