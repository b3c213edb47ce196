import { invalidOption } from '../errors.js';
import { checkOptionsObject, optionalArray, optionalFunction, optionalString, requiredObjectWith, runtimeOption, wrongType } from '../options.js';
import type { Runtime, RuntimeOptions } from '../runtime/index.js';
import { systemRuntime } from '../runtime/index.js';
import { StoreClosedError, WaitTimeoutError } from './errors.js';
import type { EventStore, ParkedEvent } from './event-store.js';
import { Mutex } from './mutex.js';
import { START, compareCursors, cursorOf, type AnyEvent, type Cursor, type RecordedEvent, type RecordedEventOf } from './types.js';
import { categoryOf } from './validation.js';

/**
 * Handles one event, writing through `context` so the writes commit with the checkpoint. Give the
 * union of the events the handler reads as `Event`, and `event` is narrowed by its `type`; the
 * store does not check that the events it holds match it (as with any typed event stream).
 *
 * @example
 * ```ts
 * type OrderEvent = { type: 'OrderPlaced'; data: { customer: string } } | { type: 'OrderShipped'; data: {} };
 * const handler: EventHandler<Database, OrderEvent> = (event, db) => {
 *   if (event.type === 'OrderPlaced') db.prepare('INSERT INTO customers VALUES (?)').run(event.data.customer);
 * };
 * ```
 */
export type EventHandler<Context, Event extends AnyEvent = AnyEvent> = (event: RecordedEventOf<Event>, context: Context) => void | Promise<void>;

/**
 * How a failing handler is retried before its event is parked.
 *
 * @example
 * ```ts
 * subscribe(store, { id: 'mailer', handler, retry: { maxAttempts: 10, initialDelayMs: 200, maxDelayMs: 30_000 } });
 * ```
 */
export interface HandlerRetryOptions {
  /** Runs of the handler per event before parking it. Default 5. */
  readonly maxAttempts?: number;
  /** First backoff, doubled per attempt, with equal jitter. Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Longest backoff. Default 10,000 ms. */
  readonly maxDelayMs?: number;
}

/**
 * One member of a group of competing consumers: events are shared among `size` members by a
 * hash of their stream id, so each stream's events go to one member, in order.
 *
 * @example
 * ```ts
 * subscribe(store, { id: 'workers', handler, group: { member: Number(process.env.MEMBER), size: 3 } });
 * ```
 */
export interface ConsumerGroupMember {
  /** This member's index, 0..size-1. */
  readonly member: number;
  readonly size: number;
}

/**
 * Options of {@link subscribe}.
 *
 * @example
 * ```ts
 * const options: SubscriptionOptions<MemoryTables> = { id: 'audit', eventTypes: ['MoneyWithdrawn'], handler: (event) => audit(event) };
 * ```
 */
export interface SubscriptionOptions<Context, Event extends AnyEvent = AnyEvent> extends RuntimeOptions {
  /** A stable name: the checkpoint and parked events are stored under it. */
  readonly id: string;
  readonly handler: EventHandler<Context, Event>;
  /** Only events of these types reach the handler. */
  readonly eventTypes?: readonly Event['type'][];
  /** Only events of streams in this category (stream name up to the first `-`). */
  readonly category?: string;
  /** Where to start when no checkpoint is stored: `'start'` (default), `'end'`, or a cursor. */
  readonly from?: 'start' | 'end' | Cursor;
  /** Events read and committed per transaction. Default 500. */
  readonly batchSize?: number;
  /** How often to poll for new events when idle; append notifications wake it earlier. Default 500 ms. */
  readonly pollIntervalMs?: number;
  readonly retry?: HandlerRetryOptions;
  readonly group?: ConsumerGroupMember;
  /** Called on every handler failure and store error (for logs and metrics); never throws into the loop. */
  readonly onError?: (error: unknown, event: RecordedEvent | undefined) => void;
}

/**
 * Counters of a running subscription.
 *
 * @example
 * ```ts
 * const { handled, parked, retries } = subscription.stats;
 * ```
 */
export interface SubscriptionStats {
  handled: number;
  parked: number;
  retries: number;
  storeErrors: number;
}

/**
 * What {@link Subscription.replayParked} did.
 *
 * @example
 * ```ts
 * const { replayed, remaining } = await subscription.replayParked({ streamId: 'order-2' });
 * ```
 */
export interface ReplayResult {
  /** Parked events handled successfully and removed from the dead-letter table. */
  readonly replayed: number;
  /** Parked events still there (their handler failed again, or they wait behind one that did). */
  readonly remaining: number;
}

/**
 * Options of {@link Subscription.waitForPosition} and {@link waitForProjection}.
 *
 * @example
 * ```ts
 * await subscription.waitForPosition(result, { timeoutMs: 5_000 });
 * ```
 */
export interface WaitOptions {
  /** Default 30,000 ms. */
  readonly timeoutMs?: number;
}

const MAX_WAITERS = 10_000;

class HandlerFailure {
  constructor(
    readonly event: RecordedEvent,
    readonly error: unknown,
  ) {}
}

/**
 * The group member that owns a stream: FNV-1a of the stream id modulo the group size.
 *
 * @example
 * ```ts
 * memberFor('account-42', 3); // 0, 1 or 2, always the same for this stream
 * ```
 */
export function memberFor(streamId: string, size: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < streamId.length; index++) {
    hash ^= streamId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % size;
}

/**
 * The id a group member stores its checkpoint and parked events under.
 *
 * @example
 * ```ts
 * memberSubscriptionId('workers', { member: 1, size: 3 }); // 'workers[1/3]'
 * ```
 */
export function memberSubscriptionId(id: string, group: ConsumerGroupMember | undefined): string {
  return group === undefined || group.size === 1 ? id : `${id}[${group.member}/${group.size}]`;
}

/**
 * A catch-up subscription: reads the store from its checkpoint to the end, then follows new
 * events (polling, woken early by append notifications), committing each batch's handler writes
 * and checkpoint in one transaction. A failing handler is retried with backoff, then its event is
 * parked and the subscription moves on; later events of the same stream are parked behind it so
 * per-stream order holds. `replayParked` retries them.
 *
 * @example
 * ```ts
 * const subscription = subscribe(store, { id: 'emails', handler: async (event) => send(event) });
 * await subscription.waitForPosition(await store.append('a-1', events));
 * await subscription.stop();
 * ```
 */
export class Subscription<Context = unknown, Event extends AnyEvent = AnyEvent> {
  /** The id the checkpoint is stored under (the id, with the member for groups). */
  readonly subscriptionId: string;
  readonly stats: SubscriptionStats = { handled: 0, parked: 0, retries: 0, storeErrors: 0 };
  private readonly store: EventStore<Context>;
  private readonly options: SubscriptionOptions<Context, Event>;
  private readonly runtime: Runtime;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly processing = new Mutex();
  private readonly blocked = new Set<string>();
  private readonly waiters = new Set<{ target: Cursor; resolve: () => void; reject: (error: unknown) => void }>();
  private position: Cursor = START;
  private stopped = false;
  private wake = new AbortController();
  /** Aborted by stop(): cuts a retry backoff short. */
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private ready: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(store: EventStore<Context>, options: SubscriptionOptions<Context, Event>) {
    checkOptionsObject('Subscription', options);
    requiredObjectWith('store', store, ['readAll'], 'an EventStore');
    optionalArray('eventTypes', options.eventTypes, 'a list of event type names', (type) => typeof type === 'string');
    optionalString('category', options.category);
    optionalFunction('onError', options.onError);
    checkOptionsObject('retry', options.retry);
    const from: unknown = options.from;
    if (from !== undefined && from !== 'start' && from !== 'end' && (typeof from !== 'object' || from === null)) throw wrongType('from', from, '"start", "end" or a Cursor');
    if (typeof options.id !== 'string' || options.id.length === 0 || options.id.length > 200) throw invalidOption('id', options.id, 'a non-empty string of at most 200 characters');
    if (typeof options.handler !== 'function') throw invalidOption('handler', options.handler, 'a function');
    const group = options.group;
    if (group !== undefined && !(Number.isSafeInteger(group.size) && group.size >= 1 && group.size <= 1024 && Number.isSafeInteger(group.member) && group.member >= 0 && group.member < group.size)) {
      throw invalidOption('group', group, '{ member, size } with 1 <= size <= 1024 and 0 <= member < size');
    }
    this.store = store;
    this.options = options;
    this.runtime = runtimeOption(options.runtime);
    this.subscriptionId = memberSubscriptionId(options.id, group);
    this.batchSize = positiveInteger('batchSize', options.batchSize, 500, 10_000);
    this.pollIntervalMs = positiveInteger('pollIntervalMs', options.pollIntervalMs, 500, 3_600_000);
    this.maxAttempts = positiveInteger('retry.maxAttempts', options.retry?.maxAttempts, 5, 100);
    this.initialDelayMs = positiveInteger('retry.initialDelayMs', options.retry?.initialDelayMs, 100, 3_600_000);
    this.maxDelayMs = positiveInteger('retry.maxDelayMs', options.retry?.maxDelayMs, 10_000, 3_600_000);
  }

  /** The cursor of the last event this subscription committed past. */
  get cursor(): Cursor {
    return this.position;
  }

  /** Streams whose events are being parked until their first parked event is replayed. */
  get blockedStreams(): string[] {
    return [...this.blocked];
  }

  /** Starts the loop (idempotent). Resolves when the checkpoint is loaded. */
  start(): Promise<void> {
    if (this.ready === undefined) {
      this.ready = this.initialise();
      this.loop = this.ready.then(() => this.run());
      this.loop.catch(() => undefined);
    }
    return this.ready;
  }

  /** Stops after the batch in progress; resolves when the loop has ended. Pending waits reject. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.wake.abort();
    this.unsubscribe?.();
    try {
      await this.loop;
    } catch {
      // the loop's failure was reported through onError
    }
    for (const waiter of this.waiters) waiter.reject(new StoreClosedError('subscription'));
    this.waiters.clear();
  }

  /**
   * Resolves once this subscription has committed past `target` (e.g. an `AppendResult`).
   * Rejects with {@link WaitTimeoutError} after `timeoutMs`.
   */
  waitForPosition(target: Cursor, options: WaitOptions = {}): Promise<void> {
    if (compareCursors(this.position, target) >= 0) return Promise.resolve();
    if (this.stopped) return Promise.reject(new StoreClosedError('subscription'));
    if (this.waiters.size >= MAX_WAITERS) return Promise.reject(new RangeError(`More than ${MAX_WAITERS} waits on subscription ${this.subscriptionId}`));
    const timeoutMs = options.timeoutMs ?? 30_000;
    return new Promise<void>((resolve, reject) => {
      const timer = this.runtime.setTimer(timeoutMs, () => {
        this.waiters.delete(waiter);
        reject(new WaitTimeoutError(`Subscription ${this.subscriptionId} did not reach position ${target.position} within ${timeoutMs} ms (it is at ${this.position.position})`));
      });
      const waiter = {
        target,
        resolve: () => {
          timer.cancel();
          resolve();
        },
        reject: (error: unknown) => {
          timer.cancel();
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * Runs the handler again on parked events (of one stream, or all), in order, each in its own
   * transaction that also removes it from the dead-letter table. A stream stays blocked until all
   * its parked events pass. Safe while the subscription runs (it pauses between batches).
   */
  replayParked(options: { streamId?: string } = {}): Promise<ReplayResult> {
    return this.processing.run(async () => {
      const parked = await this.store.listParked(this.subscriptionId);
      let replayed = 0;
      const failedStreams = new Set<string>();
      for (const entry of parked) {
        const { event } = entry;
        if (options.streamId !== undefined && event.streamId !== options.streamId) continue;
        if (failedStreams.has(event.streamId)) continue;
        try {
          await this.store.commit({ subscriptionId: this.subscriptionId, cursor: this.position, resolved: [event.id] }, (context) => this.callHandler(event, context));
          replayed++;
          this.stats.handled++;
        } catch (error) {
          this.report(error instanceof HandlerFailure ? error.error : error, event);
          failedStreams.add(event.streamId);
        }
      }
      const remaining = await this.store.listParked(this.subscriptionId);
      this.blocked.clear();
      for (const entry of remaining) this.blocked.add(entry.event.streamId);
      return { replayed, remaining: remaining.length };
    });
  }

  /** Runs `work` between batches, with the loop paused (used by projection rebuilds). */
  exclusive<T>(work: (setCursor: (cursor: Cursor) => void) => Promise<T>): Promise<T> {
    return this.processing.run(() =>
      work((cursor) => {
        this.position = cursorOf(cursor);
        this.resolveWaiters();
      }),
    );
  }

  private async initialise(): Promise<void> {
    const stored = await this.store.loadCheckpoint(this.subscriptionId);
    const from = this.options.from ?? 'start';
    this.position = stored ?? (from === 'start' ? START : from === 'end' ? await this.store.headCursor() : cursorOf(from));
    for (const entry of await this.store.listParked(this.subscriptionId)) this.blocked.add(entry.event.streamId);
    this.unsubscribe = this.store.onAppend(() => this.wake.abort());
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let caughtUp = false;
      try {
        caughtUp = await this.processing.run(() => this.step());
        failures = 0;
      } catch (error) {
        if (error instanceof StoreClosedError || this.stopped) break;
        this.stats.storeErrors++;
        this.report(error, undefined);
        failures++;
        await this.pause(this.backoffMs(failures));
        continue;
      }
      if (caughtUp) await this.pause(this.pollIntervalMs);
    }
  }

  private async pause(delayMs: number): Promise<void> {
    if (this.stopped) return;
    if (this.wake.signal.aborted) {
      this.wake = new AbortController();
      return;
    }
    try {
      await this.runtime.sleep(delayMs, this.wake.signal);
    } catch {
      // woken early by an append notification or stop()
    }
    if (this.wake.signal.aborted) this.wake = new AbortController();
  }

  /** Reads and handles one batch; returns true when there was nothing to read. */
  private async step(): Promise<boolean> {
    if (this.stopped) return true;
    const events = await this.store.readAll({ after: this.position, maxCount: this.batchSize });
    if (events.length === 0) {
      this.resolveWaiters();
      return true;
    }
    await this.handleBatch(events);
    return false;
  }

  private isMine(event: RecordedEvent): boolean {
    const { eventTypes, category, group } = this.options;
    if (eventTypes !== undefined && !(eventTypes as readonly string[]).includes(event.type)) return false;
    if (category !== undefined && categoryOf(event.streamId) !== category) return false;
    if (group !== undefined && group.size > 1 && memberFor(event.streamId, group.size) !== group.member) return false;
    return true;
  }

  private async handleBatch(events: readonly RecordedEvent[]): Promise<void> {
    const end = cursorOf(events.at(-1) as RecordedEvent);
    const mine = events.filter((event) => this.isMine(event));
    const parkedAtMs = this.runtime.clock.nowMs();
    const behind = mine.filter((event) => this.blocked.has(event.streamId));
    const toHandle = mine.filter((event) => !this.blocked.has(event.streamId));
    let failedInBatch: HandlerFailure | undefined;
    try {
      await this.store.commit(
        { subscriptionId: this.subscriptionId, cursor: end, park: behind.map((event) => this.blockedEntry(event, parkedAtMs)) },
        async (context) => {
          for (const event of toHandle) await this.callHandler(event, context);
        },
      );
      this.stats.handled += toHandle.length;
      this.stats.parked += behind.length;
      this.position = end;
      this.resolveWaiters();
      return;
    } catch (error) {
      if (!(error instanceof HandlerFailure)) throw error;
      this.report(error.error, error.event);
      failedInBatch = error;
    }
    // Slow path: one event per transaction, so one bad event cannot hold back the others.
    for (const event of events) {
      if (this.stopped) return;
      if (!this.isMine(event)) continue;
      if (this.blocked.has(event.streamId)) {
        await this.store.commit({ subscriptionId: this.subscriptionId, cursor: cursorOf(event), park: [this.blockedEntry(event, this.runtime.clock.nowMs())] });
        this.stats.parked++;
      } else if (!(await this.handleWithRetries(event, event.id === failedInBatch?.event.id ? failedInBatch.error : undefined))) {
        return; // stopped while retrying: the event stays after the checkpoint, for the next start
      }
      this.position = cursorOf(event);
      this.resolveWaiters();
    }
    await this.store.commit({ subscriptionId: this.subscriptionId, cursor: end });
    this.position = end;
    this.resolveWaiters();
  }

  /**
   * Handles one event in its own transaction, retrying with backoff; parks it when all attempts
   * fail. Returns false if the subscription was stopped before the event was handled or parked.
   */
  private async handleWithRetries(event: RecordedEvent, batchError: unknown): Promise<boolean> {
    // A failure in the batch transaction counts as the first attempt.
    let lastError: unknown = batchError;
    for (let attempt = batchError === undefined ? 1 : 2; attempt <= this.maxAttempts; attempt++) {
      if (attempt > 1) {
        this.stats.retries++;
        try {
          await this.runtime.sleep(this.backoffMs(attempt - 1), this.stopping.signal);
        } catch {
          return false;
        }
      }
      try {
        await this.store.commit({ subscriptionId: this.subscriptionId, cursor: cursorOf(event) }, (context) => this.callHandler(event, context));
        this.stats.handled++;
        return true;
      } catch (error) {
        if (!(error instanceof HandlerFailure)) throw error;
        lastError = error.error;
        if (attempt > 1) this.report(lastError, event);
      }
    }
    const message = lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError);
    await this.store.commit({
      subscriptionId: this.subscriptionId,
      cursor: cursorOf(event),
      park: [{ event, error: message.slice(0, 4_000), attempts: this.maxAttempts, parkedAtMs: this.runtime.clock.nowMs() }],
    });
    this.blocked.add(event.streamId);
    this.stats.parked++;
    return true;
  }

  private blockedEntry(event: RecordedEvent, parkedAtMs: number): Omit<ParkedEvent, 'subscriptionId'> {
    return { event, error: `blocked: an earlier event of stream ${JSON.stringify(event.streamId)} is parked`, attempts: 0, parkedAtMs };
  }

  private async callHandler(event: RecordedEvent, context: Context): Promise<void> {
    try {
      await this.options.handler(event as RecordedEventOf<Event>, context);
    } catch (error) {
      throw new HandlerFailure(event, error);
    }
  }

  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** Math.min(attempt - 1, 30));
    return ceiling / 2 + this.runtime.random.float() * (ceiling / 2);
  }

  private resolveWaiters(): void {
    for (const waiter of this.waiters) {
      if (compareCursors(this.position, waiter.target) >= 0) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private report(error: unknown, event: RecordedEvent | undefined): void {
    try {
      this.options.onError?.(error, event);
    } catch {
      // an observer must not break the subscription
    }
  }
}

function positiveInteger(option: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw invalidOption(option, value, `an integer in 1..${max}`);
  return value;
}

/**
 * Creates and starts a {@link Subscription}.
 *
 * @example
 * ```ts
 * const subscription = subscribe(store, {
 *   id: 'balances',
 *   eventTypes: ['Deposited', 'Withdrawn'],
 *   handler: (event, tables) => { ... },
 * });
 * ```
 */
export function subscribe<Context, Event extends AnyEvent = AnyEvent>(store: EventStore<Context>, options: SubscriptionOptions<Context, Event>): Subscription<Context, Event> {
  const subscription = new Subscription(store, options);
  void subscription.start().catch((error: unknown) => options.onError?.(error, undefined));
  return subscription;
}

/**
 * Waits until the stored checkpoint of subscription `id` (every member, for a group of `groupSize`)
 * has reached `target`, polling the store: works across processes.
 *
 * @example
 * ```ts
 * const result = await store.append('order-1', events);
 * await waitForProjection(store, 'order-summaries', result, { timeoutMs: 5_000 });
 * ```
 */
export async function waitForProjection<Context>(
  store: EventStore<Context>,
  id: string,
  target: Cursor,
  options: WaitOptions & RuntimeOptions & { groupSize?: number; pollIntervalMs?: number } = {},
): Promise<void> {
  const runtime = options.runtime ?? systemRuntime();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const size = options.groupSize ?? 1;
  const deadline = runtime.clock.monotonicMs() + timeoutMs;
  const ids = Array.from({ length: size }, (_, member) => memberSubscriptionId(id, { member, size }));
  for (;;) {
    const checkpoints = await Promise.all(ids.map((subscriptionId) => store.loadCheckpoint(subscriptionId)));
    if (checkpoints.every((checkpoint) => checkpoint !== undefined && compareCursors(checkpoint, target) >= 0)) return;
    if (runtime.clock.monotonicMs() >= deadline) throw new WaitTimeoutError(`Projection ${id} did not reach position ${target.position} within ${timeoutMs} ms`);
    await runtime.sleep(Math.min(pollIntervalMs, Math.max(deadline - runtime.clock.monotonicMs(), 0)));
  }
}
