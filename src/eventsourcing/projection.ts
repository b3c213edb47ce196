import type { RuntimeOptions } from '../runtime/index.js';
import { systemRuntime } from '../runtime/index.js';
import type { EventStore } from './event-store.js';
import { Subscription, type SubscriptionOptions, type WaitOptions } from './subscription.js';
import { START, type AnyEvent, type Cursor, type RecordedEvent, type RecordedEventOf } from './types.js';
import { categoryOf, sqlIdentifier } from './validation.js';

/**
 * A read model kept in its own table and fed by events (CQRS's query side). The same definition
 * runs asynchronously ({@link startProjection}) and can be rebuilt into a fresh table.
 *
 * `table` is the name to use: the live table normally, a fresh `<name>_rebuild_<suffix>` table
 * during a rebuild. Write only through `context`, so the writes commit with the checkpoint.
 * `Event` is the union of the events the projection reads: `apply` gets each in its recorded form,
 * narrowed by `event.type` (no cast).
 *
 * @example
 * ```ts
 * type OrderEvent = { type: 'OrderPlaced'; data: { totalCents: number } } | { type: 'OrderShipped'; data: {} };
 * const orderSummaries: Projection<Database, OrderEvent> = {
 *   name: 'order_summaries',
 *   eventTypes: ['OrderPlaced'],
 *   setup: (db, table) => db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, total INTEGER)`),
 *   apply: (event, db, table) => {
 *     if (event.type === 'OrderPlaced') db.prepare(`INSERT INTO ${table} VALUES (?, ?)`).run(event.streamId, event.data.totalCents);
 *   },
 * };
 * ```
 */
export interface Projection<Context, Event extends AnyEvent = AnyEvent> {
  /** The live table's name, also the subscription id: a validated SQL identifier. */
  readonly name: string;
  /** Only these event types reach `apply`. Default: all. */
  readonly eventTypes?: readonly Event['type'][];
  /** Only streams of this category. */
  readonly category?: string;
  /** Creates table `table` if it does not exist (called in a transaction before the first event). */
  setup(context: Context, table: string): void | Promise<void>;
  /** Applies one event to table `table`. */
  apply(event: RecordedEventOf<Event>, context: Context, table: string): void | Promise<void>;
}

/**
 * Options of {@link startProjection}: those of a subscription, without `id` and `handler`.
 *
 * @example
 * ```ts
 * await startProjection(store, orderSummaries, { batchSize: 1_000, pollIntervalMs: 100 });
 * ```
 */
export type ProjectionOptions<Context> = Omit<SubscriptionOptions<Context>, 'id' | 'handler' | 'eventTypes' | 'category' | 'group'>;

/**
 * What {@link ProjectionRunner.rebuild} did.
 *
 * @example
 * ```ts
 * const { builtTable, applied, cursor } = await runner.rebuild();
 * ```
 */
export interface RebuildResult {
  /** The fresh table that was built and then renamed to the live name. */
  readonly builtTable: string;
  /** Events applied to it. */
  readonly applied: number;
  /** Where the live projection continues from. */
  readonly cursor: Cursor;
}

/**
 * A running asynchronous projection: a subscription that applies events to the projection's
 * table, with its checkpoint in the same transaction.
 *
 * @example
 * ```ts
 * const runner = await startProjection(store, orderSummaries);
 * await runner.waitForPosition(await store.append('order-1', events));
 * await runner.rebuild(); // fresh table from position 0, then swapped in
 * await runner.stop();
 * ```
 */
export class ProjectionRunner<Context, Event extends AnyEvent = AnyEvent> {
  readonly subscription: Subscription<Context, Event>;
  private readonly store: EventStore<Context>;
  private readonly projection: Projection<Context, Event>;
  private readonly options: ProjectionOptions<Context>;
  private rebuilds = 0;

  constructor(store: EventStore<Context>, projection: Projection<Context, Event>, options: ProjectionOptions<Context> = {}) {
    sqlIdentifier('projection.name', projection.name);
    this.store = store;
    this.projection = projection;
    this.options = options;
    this.subscription = new Subscription<Context, Event>(store, {
      ...options,
      id: projection.name,
      ...(projection.eventTypes === undefined ? {} : { eventTypes: projection.eventTypes }),
      ...(projection.category === undefined ? {} : { category: projection.category }),
      handler: (event, context) => projection.apply(event, context, projection.name),
    });
  }

  /** Creates the table and starts following the store. */
  async start(): Promise<void> {
    await this.store.transaction((context) => this.projection.setup(context, this.projection.name));
    await this.subscription.start();
  }

  stop(): Promise<void> {
    return this.subscription.stop();
  }

  /** Resolves once the projection has committed past `target` (e.g. an append's result). */
  waitForPosition(target: Cursor, options?: WaitOptions): Promise<void> {
    return this.subscription.waitForPosition(target, options);
  }

  /**
   * Rebuilds the read model from position 0 into a fresh table while the live one keeps serving
   * and updating, then (with the live loop paused briefly) catches the fresh table up and swaps it
   * in, in one transaction with the checkpoint. Use it after changing `apply`.
   */
  async rebuild(): Promise<RebuildResult> {
    const runtime = this.options.runtime ?? systemRuntime();
    const suffix = `${++this.rebuilds}_${runtime.random.int(2 ** 30).toString(36)}`;
    const table = sqlIdentifier('rebuild table', `${this.projection.name}_rebuild_${suffix}`.slice(0, 63));
    await this.store.transaction((context) => this.projection.setup(context, table));
    let cursor: Cursor = START;
    let applied = 0;
    const catchUp = async (): Promise<void> => {
      for (;;) {
        const events = await this.store.readAll({ after: cursor, maxCount: this.options.batchSize ?? 500 });
        if (events.length === 0) return;
        await this.store.transaction(async (context) => {
          for (const event of events) {
            if (!this.matches(event)) continue;
            await this.projection.apply(event as RecordedEventOf<Event>, context, table);
            applied++;
          }
        });
        cursor = events.at(-1) as RecordedEvent;
      }
    };
    await catchUp();
    await this.subscription.exclusive(async (setCursor) => {
      await catchUp();
      const final = { transactionId: cursor.transactionId, position: cursor.position };
      await this.store.commit({ subscriptionId: this.subscription.subscriptionId, cursor: final }, (context) => this.store.replaceTable(context, table, this.projection.name));
      setCursor(final);
    });
    return { builtTable: table, applied, cursor: { transactionId: cursor.transactionId, position: cursor.position } };
  }

  private matches(event: RecordedEvent): boolean {
    const { eventTypes, category } = this.projection;
    if (eventTypes !== undefined && !(eventTypes as readonly string[]).includes(event.type)) return false;
    if (category !== undefined && categoryOf(event.streamId) !== category) return false;
    return true;
  }
}

/**
 * Creates the projection's table and starts it as an asynchronous projection.
 *
 * @example
 * ```ts
 * const runner = await startProjection(store, orderSummaries, { pollIntervalMs: 100 });
 * ```
 */
export async function startProjection<Context, Event extends AnyEvent = AnyEvent>(
  store: EventStore<Context>,
  projection: Projection<Context, Event>,
  options: ProjectionOptions<Context> & RuntimeOptions = {},
): Promise<ProjectionRunner<Context, Event>> {
  const runner = new ProjectionRunner(store, projection, options);
  await runner.start();
  return runner;
}
