import { checkOptionsObject, numberOption, runtimeOption } from '../options.js';
import { type Runtime, type RuntimeOptions } from '../runtime/index.js';
import { checkPublishSubject, checkSubjectFilter, subjectMatches, type BusMessage, type BusSubscription, type MessageBus, type SubscribeOptions } from './message-bus.js';

/**
 * Options of {@link MemoryMessageBus}.
 *
 * @example
 * ```ts
 * new MemoryMessageBus({ runtime: new ManualRuntime(), maxMessages: 10_000 });
 * ```
 */
export interface MemoryMessageBusOptions extends RuntimeOptions {
  /** Most messages kept (1..10,000,000); publishing beyond it throws. Default 1,000,000. */
  readonly maxMessages?: number;
}

interface Consumer {
  position: number;
  deliveries: number;
  active: boolean;
  wake: (() => void) | undefined;
}

/**
 * An in-process bus with the semantics of a durable broker: an append-only log, durable consumers
 * that keep their position across subscriptions, one message at a time per consumer in publish
 * order, redelivery when the handler throws (at least once). For tests, examples and the simulator.
 *
 * @example
 * ```ts
 * const bus = new MemoryMessageBus();
 * await bus.subscribe({ consumer: 'audit', subjects: 'orders.>', handle: (message) => console.log(message.type) });
 * await bus.publish({ id: 'e1', subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o1', payload: {}, headers: {} });
 * ```
 */
export class MemoryMessageBus implements MessageBus {
  readonly kind = 'memory';
  private readonly runtime: Runtime;
  private readonly log: BusMessage[] = [];
  private readonly consumers = new Map<string, Consumer>();
  private readonly maxMessages: number;
  private closed = false;

  constructor(options: MemoryMessageBusOptions = {}) {
    checkOptionsObject('MemoryMessageBus', options);
    this.runtime = runtimeOption(options.runtime);
    this.maxMessages = numberOption('maxMessages', options.maxMessages, 1_000_000, { min: 1, max: 10_000_000, integer: true });
  }

  /** Every message published, in order (for tests). */
  get messages(): readonly BusMessage[] {
    return this.log;
  }

  async publish(message: BusMessage): Promise<void> {
    if (this.closed) throw new Error('the bus is closed');
    checkPublishSubject(message.subject);
    if (this.log.length >= this.maxMessages) throw new RangeError(`the memory bus holds its maximum of ${this.maxMessages} messages`);
    this.log.push(JSON.parse(JSON.stringify(message)) as BusMessage);
    for (const consumer of this.consumers.values()) consumer.wake?.();
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    checkSubjectFilter(options.subjects);
    const maxDeliveries = options.maxDeliveries ?? 10;
    const redeliveryDelayMs = options.redeliveryDelayMs ?? 100;
    let consumer = this.consumers.get(options.consumer);
    if (consumer === undefined) this.consumers.set(options.consumer, (consumer = { position: 0, deliveries: 0, active: false, wake: undefined }));
    if (consumer.active) throw new Error(`consumer ${JSON.stringify(options.consumer)} already has a subscriber`);
    consumer.active = true;
    const self = consumer;
    const stopController = new AbortController();
    const loop = (async () => {
      while (!stopController.signal.aborted && !this.closed) {
        const message = this.log[self.position];
        if (message === undefined) {
          await new Promise<void>((resolve) => {
            self.wake = resolve;
            stopController.signal.addEventListener('abort', () => resolve(), { once: true });
          });
          self.wake = undefined;
          continue;
        }
        if (!subjectMatches(options.subjects, message.subject)) {
          self.position++;
          continue;
        }
        self.deliveries++;
        try {
          await options.handle({ ...message, deliveryCount: self.deliveries });
        } catch (error) {
          if (self.deliveries >= maxDeliveries) options.onGiveUp?.({ ...message, deliveryCount: self.deliveries }, error);
          else {
            await this.runtime.sleep(redeliveryDelayMs, stopController.signal).catch(() => undefined);
            continue;
          }
        }
        self.position++;
        self.deliveries = 0;
      }
    })();
    return {
      stop: async () => {
        stopController.abort();
        await loop;
        self.active = false;
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const consumer of this.consumers.values()) consumer.wake?.();
  }
}
