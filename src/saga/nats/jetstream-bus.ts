import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { checkOptionsObject, numberOption, requiredObjectWith } from '../../options.js';
import { invalidOption } from '../../errors.js';
import { BusPoisonMessageError } from '../errors.js';
import { checkPublishSubject, checkSubjectFilter, type BusMessage, type BusSubscription, type MessageBus, type SubscribeOptions } from '../message-bus.js';

/** The message a pacelc bus wrote, or why `data` is not one. */
function decode(data: Uint8Array): Omit<BusMessage, 'subject'> | string {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (error) {
    return `not a pacelc bus message: not UTF-8 JSON (${(error as Error).message})`;
  }
  const fields = body as Partial<BusMessage> | null;
  if (typeof fields !== 'object' || fields === null || typeof fields.id !== 'string' || typeof fields.type !== 'string') return 'not a pacelc bus message: no string id and type';
  return fields as Omit<BusMessage, 'subject'>;
}

/**
 * Options of {@link JetStreamBus.create}.
 *
 * @example
 * ```ts
 * await JetStreamBus.create({ connection, stream: 'SHOP', subjectPrefix: 'shop', ackWaitMs: 10_000 });
 * ```
 */
export interface JetStreamBusOptions {
  /** An open connection (the caller closes it). */
  readonly connection: NatsConnection;
  /** The stream's name (created if missing): letters, digits, `_` and `-`. */
  readonly stream: string;
  /** Every subject is published as `<subjectPrefix>.<subject>`; the stream holds `<subjectPrefix>.>`. Default: the stream name in lower case. */
  readonly subjectPrefix?: string;
  /** How long the server waits for an ack before redelivering, in ms. Default 30,000. */
  readonly ackWaitMs?: number;
  /** JetStream's duplicate window (publishes with the same message id inside it are stored once), in ms. Default 120,000. */
  readonly duplicateWindowMs?: number;
}

const STREAM = /^[A-Za-z0-9_-]{1,200}$/;
const PREFIX = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * A {@link MessageBus} on NATS JetStream: publishes are acknowledged by the stream (and
 * deduplicated on the message id within the duplicate window), subscribers are durable pull
 * consumers with explicit acks, so a consumer that restarts resumes where it acknowledged and a
 * message whose handler throws is redelivered.
 *
 * @example
 * ```ts
 * import { connect } from 'nats';
 * import { JetStreamBus } from 'pacelc/saga/nats';
 * const connection = await connect({ servers: '127.0.0.1:4222' });
 * const bus = await JetStreamBus.create({ connection, stream: 'ORDERS', subjectPrefix: 'shop' });
 * await bus.subscribe({ consumer: 'payments', subjects: 'orders.placed', handle: onOrderPlaced });
 * ```
 */
export class JetStreamBus implements MessageBus {
  readonly kind = 'nats-jetstream';
  readonly stream: string;
  readonly subjectPrefix: string;
  private readonly connection: NatsConnection;
  private readonly client: JetStreamClient;
  private readonly manager: JetStreamManager;
  private readonly ackWaitMs: number;
  private readonly subscriptions = new Set<BusSubscription>();

  /** Connects to JetStream and creates the stream if it does not exist. */
  static async create(options: JetStreamBusOptions): Promise<JetStreamBus> {
    checkOptionsObject('JetStreamBus', options);
    requiredObjectWith('connection', options.connection, ['jetstream', 'jetstreamManager'], 'a NatsConnection (connect() from nats)');
    if (typeof options.stream !== 'string' || !STREAM.test(options.stream)) throw invalidOption('stream', options.stream, 'letters, digits, _ and - (1..200 characters)');
    const subjectPrefix = options.subjectPrefix ?? options.stream.toLowerCase();
    if (typeof subjectPrefix !== 'string' || !PREFIX.test(subjectPrefix)) throw invalidOption('subjectPrefix', options.subjectPrefix, 'dot-separated tokens of letters, digits, _ and -');
    const ackWaitMs = numberOption('ackWaitMs', options.ackWaitMs, 30_000, { min: 100, max: 2 ** 31 - 1 });
    const duplicateWindowMs = numberOption('duplicateWindowMs', options.duplicateWindowMs, 120_000, { min: 1_000, max: 2 ** 31 - 1 });
    const manager = await options.connection.jetstreamManager();
    try {
      await manager.streams.info(options.stream);
    } catch {
      await manager.streams.add({ name: options.stream, subjects: [`${subjectPrefix}.>`], duplicate_window: nanos(duplicateWindowMs) });
    }
    return new JetStreamBus(options.connection, manager, options.stream, subjectPrefix, ackWaitMs);
  }

  private constructor(connection: NatsConnection, manager: JetStreamManager, stream: string, subjectPrefix: string, ackWaitMs: number) {
    this.connection = connection;
    this.manager = manager;
    this.client = connection.jetstream();
    this.stream = stream;
    this.subjectPrefix = subjectPrefix;
    this.ackWaitMs = ackWaitMs;
  }

  async publish(message: BusMessage): Promise<void> {
    checkPublishSubject(message.subject);
    const body = JSON.stringify({ id: message.id, type: message.type, aggregateId: message.aggregateId, payload: message.payload, headers: message.headers });
    await this.client.publish(`${this.subjectPrefix}.${message.subject}`, new TextEncoder().encode(body), { msgID: message.id, expect: { streamName: this.stream } });
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    if (!STREAM.test(options.consumer)) throw invalidOption('consumer', options.consumer, 'letters, digits, _ and - (1..200 characters)');
    checkSubjectFilter(options.subjects);
    if (typeof options.handle !== 'function') throw new TypeError(`Invalid option handle: expected a function, received ${typeof options.handle}`);
    const maxDeliveries = options.maxDeliveries ?? 10;
    if (!Number.isSafeInteger(maxDeliveries) || maxDeliveries < 1 || maxDeliveries > 10_000) throw invalidOption('maxDeliveries', options.maxDeliveries, 'an integer in 1..10000');
    const redeliveryDelayMs = options.redeliveryDelayMs ?? 100;
    if (typeof redeliveryDelayMs !== 'number' || !(redeliveryDelayMs >= 0 && redeliveryDelayMs <= 2 ** 31 - 1)) throw invalidOption('redeliveryDelayMs', options.redeliveryDelayMs, 'a number in 0..2147483647 (ms)');
    const filter = `${this.subjectPrefix}.${options.subjects}`;
    try {
      await this.manager.consumers.info(this.stream, options.consumer);
    } catch {
      await this.manager.consumers.add(this.stream, {
        durable_name: options.consumer,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: filter,
        ack_wait: nanos(this.ackWaitMs),
        max_deliver: maxDeliveries + 1,
      });
    }
    const consumer = await this.client.consumers.get(this.stream, options.consumer);
    const messages: ConsumerMessages = await consumer.consume({ max_messages: 64 });
    const prefixLength = this.subjectPrefix.length + 1;
    const loop = (async () => {
      for await (const delivered of messages) {
        const body = decode(delivered.data);
        if (typeof body === 'string') {
          // Poison: park it (terminated, with the reason, never redelivered) and go on with the next.
          delivered.term(body);
          const error = new BusPoisonMessageError(delivered.subject, delivered.seq, body);
          try {
            options.onPoison?.(error);
          } catch {
            // a throwing callback must not stop consumption
          }
          continue;
        }
        const message = { ...body, subject: delivered.subject.slice(prefixLength), deliveryCount: delivered.info.deliveryCount };
        try {
          await options.handle(message);
          await delivered.ackAck().catch(() => false);
        } catch (error) {
          if (message.deliveryCount >= maxDeliveries) {
            options.onGiveUp?.(message, error);
            delivered.term('gave up after maxDeliveries');
          } else delivered.nak(redeliveryDelayMs);
        }
      }
    })();
    const subscription: BusSubscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await messages.close();
        await loop.catch(() => undefined);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Deletes the stream and its consumers (for tests and teardown). */
  async deleteStream(): Promise<void> {
    await this.close();
    await this.manager.streams.delete(this.stream);
  }

  /** Stops every subscription (the connection stays open: it is the caller's). */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    void this.connection;
  }
}
