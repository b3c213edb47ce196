import { checkPublishSubject, checkSubjectFilter, subjectMatches, type BusMessage, type BusSubscription, type MessageBus, type SubscribeOptions } from '../saga/message-bus.js';
import type { Runtime } from '../runtime/runtime.js';
import { BROKER } from './fault-schedule.js';
import { overTheWire, type CallHandler, type Endpoint, type World, type WorldProcess } from './world.js';

interface Subscriber {
  readonly process: WorldProcess;
  readonly incarnation: number;
  readonly id: number;
  readonly subjects: string;
  readonly maxDeliveries: number;
  readonly redeliveryDelayMs: number;
}

interface ConsumerState {
  readonly name: string;
  position: number;
  deliveries: number;
  subscriber: Subscriber | undefined;
  inFlight: { readonly index: number; readonly attempt: number } | undefined;
  waiting: boolean;
  /** A delivery was in flight when the broker crashed: redeliver it after the ack wait. */
  pendingAtCrash: boolean;
}

/** Options of {@link WorldBroker}. */
export interface WorldBrokerOptions {
  /** How long the broker waits for an ack before redelivering, in ms. Default 1,000. */
  readonly ackWaitMs?: number;
}

/**
 * The world's message broker, modelled on a durable broker such as NATS JetStream: an
 * append-only log (a stored message is on disk: it survives a crash of the broker), durable
 * consumers that keep their position, one message in flight per consumer, redelivery when no ack
 * arrives within `ackWaitMs` (the delivery, the ack or the consumer was lost) and give-up after
 * `maxDeliveries`. Deliveries and acks cross the simulated network, so they are lost, cut and
 * duplicated like any message. Publishing is at least once: a publish whose ack is lost is
 * retried by its publisher and stored twice. A crashed broker ({@link crash}) receives nothing
 * (publishes time out, acks are lost) and sends nothing; after {@link restart} it redelivers what
 * was in flight once the ack wait has run out, as JetStream does with a pending message.
 *
 * @example
 * ```ts
 * const broker = new WorldBroker(world, 3);
 * world.addEndpoint(broker);
 * ```
 */
export class WorldBroker implements Endpoint {
  readonly name = BROKER;
  readonly address: number;
  readonly handlers = new Map<string, CallHandler>();
  /** Every message stored, in order. */
  readonly log: BusMessage[] = [];
  /** Messages given up after `maxDeliveries`, with their consumer. */
  readonly givenUp: Array<{ readonly consumer: string; readonly id: string }> = [];
  private readonly consumers = new Map<string, ConsumerState>();
  private readonly subscribers = new Map<number, Subscriber>();
  private readonly ackWaitMs: number;
  private nextAttempt = 1;
  private up = true;
  /** Bumped at each crash: timers the broker set before it are void. */
  private epoch = 0;
  /** Times the broker crashed. */
  crashes = 0;
  /** Ids of subscriptions (per world, so runs stay independent). */
  nextSubscriberId = 1;

  constructor(
    private readonly world: World,
    address: number,
    options: WorldBrokerOptions = {},
  ) {
    this.address = address;
    this.ackWaitMs = options.ackWaitMs ?? 1_000;
    this.handlers.set('publish', (payload) => {
      if (!this.up) throw new Error('broker is down'); // unreachable: the network drops messages to a down broker
      const message = payload as BusMessage;
      this.log.push(message);
      for (const consumer of this.consumers.values()) this.pump(consumer);
      return null;
    });
  }

  alive(): boolean {
    return this.up;
  }

  /**
   * Crashes the broker: the log and each consumer's position survive (they are on disk); every
   * delivery in flight is forgotten (its ack, arriving later, is ignored) and every timer void.
   */
  crash(): void {
    if (!this.up) return;
    this.up = false;
    this.epoch++;
    this.crashes++;
    for (const state of this.consumers.values()) {
      if (state.inFlight !== undefined) state.pendingAtCrash = true;
      state.inFlight = undefined;
      state.waiting = false;
    }
    this.world.trace(`${this.name} crashes`);
  }

  /** Restarts a crashed broker: a consumer whose delivery was in flight gets it again after the ack wait; the others resume now. */
  restart(): void {
    if (this.up) return;
    this.up = true;
    this.world.trace(`${this.name} restarts`);
    for (const state of this.consumers.values()) {
      if (state.pendingAtCrash) {
        state.pendingAtCrash = false;
        this.retryLater(state, state.position, this.ackWaitMs);
      } else this.pump(state);
    }
  }

  /** Where each consumer stands: its position in the log and its deliveries of the current message. */
  consumerPositions(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, state] of this.consumers) out[name] = state.position;
    return out;
  }

  /** Registers (or replaces) the subscriber of a durable consumer. */
  subscribe(consumer: string, subscriber: Subscriber): void {
    let state = this.consumers.get(consumer);
    if (state === undefined) this.consumers.set(consumer, (state = { name: consumer, position: 0, deliveries: 0, subscriber: undefined, inFlight: undefined, waiting: false, pendingAtCrash: false }));
    state.subscriber = subscriber;
    this.subscribers.set(subscriber.id, subscriber);
    this.pump(state);
  }

  /** Removes a subscriber (a `stop()`). */
  unsubscribe(consumer: string, id: number): void {
    const state = this.consumers.get(consumer);
    if (state?.subscriber?.id === id) state.subscriber = undefined;
    this.subscribers.delete(id);
  }

  /** An ack (`ok`) or a nak of a delivery attempt. */
  settle(consumer: string, attempt: number, ok: boolean): void {
    const state = this.consumers.get(consumer);
    if (state?.inFlight?.attempt !== attempt) return; // late: it was redelivered already
    const { index } = state.inFlight;
    state.inFlight = undefined;
    if (ok) {
      state.position = index + 1;
      state.deliveries = 0;
      this.pump(state);
      return;
    }
    this.retryLater(state, index, state.subscriber?.redeliveryDelayMs ?? 100);
  }

  private retryLater(state: ConsumerState, index: number, delayMs: number): void {
    const subscriber = state.subscriber;
    if (subscriber !== undefined && state.deliveries >= subscriber.maxDeliveries) {
      const message = this.log[index] as BusMessage;
      this.givenUp.push({ consumer: state.name, id: message.id });
      this.world.trace(`broker gives up ${message.id} for ${state.name} after ${state.deliveries} deliveries`);
      state.position = index + 1;
      state.deliveries = 0;
      this.pump(state);
      return;
    }
    state.waiting = true;
    const epoch = this.epoch;
    this.world.schedule(this.world.now + delayMs, () => {
      if (this.epoch !== epoch) return; // the broker crashed meanwhile
      state.waiting = false;
      this.pump(state);
    });
  }

  private pump(state: ConsumerState): void {
    const subscriber = state.subscriber;
    if (!this.up || state.inFlight !== undefined || state.waiting || subscriber === undefined) return;
    while (state.position < this.log.length && !subjectMatches(subscriber.subjects, (this.log[state.position] as BusMessage).subject)) state.position++;
    const message = this.log[state.position];
    if (message === undefined) return;
    const index = state.position;
    const attempt = this.nextAttempt++;
    state.deliveries++;
    state.inFlight = { index, attempt };
    const deliveryCount = state.deliveries;
    const process = subscriber.process;
    this.world.send(this, process, `deliver ${message.id} to ${state.name} (${deliveryCount})`, () => {
      if (process.incarnation !== subscriber.incarnation) return; // delivered to a process that has restarted since
      const handle = process.subscriptionHandlers.get(subscriber.id);
      if (handle === undefined) return;
      const ack = (ok: boolean): void => {
        if (!process.up || process.incarnation !== subscriber.incarnation) return;
        this.world.send(process, this, `${ok ? 'ack' : 'nak'} ${message.id} from ${state.name}`, () => this.settle(state.name, attempt, ok));
      };
      let result: unknown;
      try {
        result = handle({ ...overTheWire(message), deliveryCount } as never);
      } catch {
        ack(false);
        return;
      }
      Promise.resolve(result).then(
        () => ack(true),
        () => ack(false),
      );
    });
    const epoch = this.epoch;
    this.world.schedule(this.world.now + this.ackWaitMs, () => {
      if (this.epoch !== epoch || state.inFlight?.attempt !== attempt) return;
      state.inFlight = undefined;
      this.world.trace(`broker: no ack for ${message.id} from ${state.name} within ${this.ackWaitMs} ms`);
      this.retryLater(state, index, 0);
    });
  }
}

/** Options of {@link WorldBus}. */
export interface WorldBusOptions {
  /** How long a publish waits for the broker's ack, in ms. Default 500. */
  readonly publishTimeoutMs?: number;
}

/**
 * A process's connection to the world's broker: the library's {@link MessageBus} interface, so
 * an `OutboxRelay` publishes and consumers subscribe exactly as they do on NATS. A publish is a
 * call to the broker (it fails on a timeout: the message may or may not be stored); a subscription
 * dies with its process and the broker redelivers what was not acked.
 *
 * @example
 * ```ts
 * const bus = p.bus();
 * await bus.subscribe({ consumer: 'shipping', subjects: 'orders.confirmed', handle: (message) => ship(message) });
 * ```
 */
export class WorldBus implements MessageBus {
  readonly kind = 'world';
  private readonly publishTimeoutMs: number;

  constructor(
    private readonly world: World,
    private readonly broker: WorldBroker,
    private readonly process: WorldProcess,
    private readonly runtime: Runtime,
    options: WorldBusOptions = {},
  ) {
    this.publishTimeoutMs = options.publishTimeoutMs ?? 500;
  }

  async publish(message: BusMessage): Promise<void> {
    checkPublishSubject(message.subject);
    await this.world.call(this.process, this.runtime, BROKER, 'publish', message, { timeoutMs: this.publishTimeoutMs });
  }

  /**
   * Subscribes a durable consumer. The subscription is registered with the broker at once (a
   * simplification: subscribing is not subject to network faults); deliveries are.
   */
  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    checkSubjectFilter(options.subjects);
    const process = this.process;
    const id = this.broker.nextSubscriberId++;
    process.subscriptionHandlers.set(id, options.handle as (message: never) => unknown);
    const incarnation = process.incarnation;
    this.broker.subscribe(options.consumer, {
      process,
      incarnation,
      id,
      subjects: options.subjects,
      maxDeliveries: options.maxDeliveries ?? 10,
      redeliveryDelayMs: options.redeliveryDelayMs ?? 100,
    });
    this.world.trace(`${process.name} subscribes ${options.consumer} to ${options.subjects}`);
    return {
      stop: async () => {
        process.subscriptionHandlers.delete(id);
        this.broker.unsubscribe(options.consumer, id);
      },
    };
  }

  async close(): Promise<void> {}
}
