import { checkOptionsObject, numberOption, optionalFunction, requiredObjectWith, runtimeOption } from '../options.js';
import { type Runtime, type RuntimeOptions } from '../runtime/index.js';
import type { MessageBus } from './message-bus.js';
import type { OutboxSource } from './outbox.js';

/**
 * Options of {@link OutboxRelay}.
 *
 * @example
 * ```ts
 * new OutboxRelay({ outbox, bus, batchSize: 500, concurrency: 64, onError: (error) => log.warn(error) });
 * ```
 */
export interface OutboxRelayOptions extends RuntimeOptions {
  readonly outbox: OutboxSource;
  readonly bus: MessageBus;
  /** Messages read per round (1..10,000). Default 100. */
  readonly batchSize?: number;
  /** Wait between rounds when the outbox is empty or a publish failed, in ms. Default 100. */
  readonly pollIntervalMs?: number;
  /** Publishes in flight at once within a round, across different aggregates (1..1,000). Default 32. */
  readonly concurrency?: number;
  /** Called when a publish fails (the message stays unsent and is tried again next round). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Publishes the outbox to a bus: reads unsent messages in commit order, publishes them, in order
 * within each aggregate (a failed message holds back the later ones of its aggregate), and marks
 * them sent. A crash between publishing and marking publishes again: delivery is at least once,
 * and consumers deduplicate on the message id (an inbox). Run one relay per outbox.
 *
 * @example
 * ```ts
 * const relay = new OutboxRelay({ outbox, bus });
 * relay.start();
 * // ...
 * await relay.stop();
 * ```
 */
export class OutboxRelay {
  private readonly outbox: OutboxSource;
  private readonly bus: MessageBus;
  private readonly runtime: Runtime;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly onError: (error: unknown) => void;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  /** Messages published since construction. */
  published = 0;

  constructor(options: OutboxRelayOptions) {
    checkOptionsObject('OutboxRelay', options);
    this.outbox = requiredObjectWith('outbox', options.outbox, ['pending', 'markSent'], 'an OutboxSource (SqliteOutbox, PostgresOutbox)');
    this.bus = requiredObjectWith('bus', options.bus, ['publish'], 'a MessageBus (MemoryMessageBus, JetStreamBus)');
    this.runtime = runtimeOption(options.runtime);
    this.batchSize = numberOption('batchSize', options.batchSize, 100, { min: 1, max: 10_000, integer: true });
    this.pollIntervalMs = numberOption('pollIntervalMs', options.pollIntervalMs, 100, { min: 0, exclusiveMin: true, max: 2 ** 31 - 1 });
    this.concurrency = numberOption('concurrency', options.concurrency, 32, { min: 1, max: 1_000, integer: true });
    this.onError = optionalFunction('onError', options.onError) ?? (() => undefined);
  }

  /**
   * Publishes one round: up to `batchSize` messages. Returns how many were published and marked.
   * Aggregates are published concurrently (up to `concurrency`), each one's messages in order.
   */
  async relayOnce(): Promise<number> {
    const batch = await this.outbox.pending(this.batchSize);
    if (batch.length === 0) return 0;
    const byAggregate = new Map<string, typeof batch>();
    for (const message of batch) {
      const queue = byAggregate.get(message.aggregateId);
      if (queue === undefined) byAggregate.set(message.aggregateId, [message]);
      else queue.push(message);
    }
    const sent: number[] = [];
    const queues = [...byAggregate.values()];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let queue = queues[next++]; queue !== undefined; queue = queues[next++]) {
        for (const message of queue) {
          try {
            await this.bus.publish({ id: message.id, subject: message.subject, type: message.type, aggregateId: message.aggregateId, payload: message.payload, headers: message.headers });
            sent.push(message.sequence);
          } catch (error) {
            this.onError(error);
            break; // the rest of this aggregate waits for the next round, to keep its order
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queues.length) }, worker));
    if (sent.length > 0) await this.outbox.markSent(sent);
    this.published += sent.length;
    return sent.length;
  }

  /** Relays in the background until {@link stop}. */
  start(): void {
    if (this.loop !== undefined) return;
    const controller = (this.controller = new AbortController());
    this.loop = (async () => {
      while (!controller.signal.aborted) {
        let count = 0;
        try {
          count = await this.relayOnce();
        } catch (error) {
          this.onError(error);
        }
        if (count < this.batchSize) await this.runtime.sleep(this.pollIntervalMs, controller.signal).catch(() => undefined);
      }
    })();
  }

  /** Stops after the round in progress. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = undefined;
  }

  /** Relays until the outbox is empty (or `maxRounds` rounds pass); for tests and shutdown. */
  async drain(maxRounds = 10_000): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const count = await this.relayOnce();
      total += count;
      if (count === 0) return total;
    }
    return total;
  }
}
