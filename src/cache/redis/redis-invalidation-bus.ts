import type { Redis } from 'ioredis';
import { checkOptionsObject, optionalString, requiredObjectWith } from '../../options.js';
import type { BusSubscription, InvalidationBus, InvalidationMessage } from '../invalidation-bus.js';

/**
 * Options of {@link RedisInvalidationBus}.
 *
 * @example
 * ```ts
 * new RedisInvalidationBus(redis, { channel: 'shop:cache:invalidations' });
 * ```
 */
export interface RedisInvalidationBusOptions {
  /** Pub/sub channel. Default `pacelc:cache:invalidations`. */
  readonly channel?: string;
}

/**
 * An {@link InvalidationBus} on Redis pub/sub. Publishing uses the given client; each
 * subscription opens its own connection (`duplicate()`), which ioredis re-subscribes after a
 * reconnect. Pub/sub drops messages sent while a subscriber is disconnected, so after every
 * reconnect the subscriber is handed a `clear`: its L1 is dropped rather than trusted.
 *
 * @example
 * ```ts
 * const bus = new RedisInvalidationBus(redis, { channel: 'shop:invalidations' });
 * const cache = new Cache({ l2: new RedisTier(redis), bus });
 * await cache.ready();
 * ```
 */
export class RedisInvalidationBus implements InvalidationBus {
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    options: RedisInvalidationBusOptions = {},
  ) {
    requiredObjectWith('redis', redis, ['publish', 'duplicate'], 'an ioredis client');
    checkOptionsObject('RedisInvalidationBus', options);
    this.channel = optionalString('channel', options.channel) ?? 'pacelc:cache:invalidations';
  }

  async publish(message: InvalidationMessage): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(message));
  }

  async subscribe(handler: (message: InvalidationMessage) => void): Promise<BusSubscription> {
    // ioredis's own re-subscribe after a reconnect drops the SUBSCRIBE's promise (with a
    // commandTimeout, a slow answer was an unhandled rejection): re-subscribe here, and hand the
    // subscriber its `clear` once it listens again. No answer: reconnect and try again.
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true, lazyConnect: true, autoResubscribe: false });
    let readyOnce = false;
    let active = true;
    subscriber.on('ready', () => {
      if (readyOnce) {
        subscriber.subscribe(this.channel).then(
          () => handler({ origin: `${this.channel}#reconnect`, action: 'clear' }),
          () => {
            if (active) subscriber.disconnect(true);
          },
        );
      }
      readyOnce = true;
    });
    subscriber.on('error', () => {}); // reconnects on its own; the cache's L1 cap bounds the gap
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      let message: InvalidationMessage;
      try {
        message = JSON.parse(text) as InvalidationMessage;
      } catch {
        return;
      }
      handler(message);
    });
    await subscriber.connect();
    await subscriber.subscribe(this.channel);
    return {
      unsubscribe: async () => {
        active = false;
        subscriber.disconnect();
      },
    };
  }
}
