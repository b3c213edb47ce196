import type { Upcasters } from './upcasting.js';
import type { AppendOptions, AppendResult, Cursor, EventToAppend, ReadAllOptions, ReadStreamOptions, RecordedEvent, Snapshot } from './types.js';

/**
 * An event parked by a subscription: its handler kept failing (or an earlier event of the same
 * stream is parked), so the subscription moved on without it. Parked events keep their stream's
 * order and can be replayed.
 *
 * @example
 * ```ts
 * for (const parked of await store.listParked('emails')) console.log(parked.event.id, parked.error);
 * ```
 */
export interface ParkedEvent {
  readonly subscriptionId: string;
  readonly event: RecordedEvent;
  /** The last error's message (for blocked events: which event blocks them). */
  readonly error: string;
  /** How many times the handler ran on it (0 when parked behind an earlier event). */
  readonly attempts: number;
  readonly parkedAtMs: number;
}

/**
 * What a subscription commits in one transaction: its new checkpoint and any events it parks.
 *
 * @example
 * ```ts
 * await store.commit({ subscriptionId: 'balances', cursor: event }, (db) => update(db, event));
 * ```
 */
export interface CheckpointCommit {
  readonly subscriptionId: string;
  readonly cursor: Cursor;
  readonly park?: readonly Omit<ParkedEvent, 'subscriptionId'>[];
  /** Parked events (ids) that were handled on replay and leave the dead-letter table. */
  readonly resolved?: readonly string[];
}

/**
 * A projection maintained inside the store's append transaction, so a read after an append sees
 * it. `handle` gets the events just appended (upcast) and the store's transaction context: a
 * `MemoryTables` (memory), a better-sqlite3 `Database` (SQLite: `handle` must be synchronous) or
 * a `pg` client (PostgreSQL).
 *
 * @example
 * ```ts
 * const balances: InlineProjection<MemoryTables> = {
 *   name: 'balances',
 *   eventTypes: ['Deposited'],
 *   handle: (events, tables) => { for (const e of events) tables.table('balances').set(e.streamId, e.data); },
 * };
 * ```
 */
export interface InlineProjection<Context> {
  readonly name: string;
  /** Only these event types reach `handle`. Default: all. */
  readonly eventTypes?: readonly string[];
  handle(events: readonly RecordedEvent[], context: Context): void | Promise<void>;
}

/**
 * Options every store takes.
 *
 * @example
 * ```ts
 * new SqliteEventStore({ filename: 'events.db', maxEventBytes: 64 * 1024, upcasters, inlineProjections: [balances] });
 * ```
 */
export interface EventStoreOptions<Context> {
  /** Schema upgrades applied to events as they are read. */
  readonly upcasters?: Upcasters;
  /** Largest serialised event (data + metadata) in bytes. Default 1 MiB. */
  readonly maxEventBytes?: number;
  /** Projections updated in the append's own transaction. */
  readonly inlineProjections?: readonly InlineProjection<Context>[];
}

/**
 * An event store: streams of events with optimistic concurrency, a global order, snapshots, and
 * the storage subscriptions need (checkpoints, dead letters, transactions, wake-ups). The memory,
 * SQLite and PostgreSQL stores implement it and pass one shared contract suite.
 *
 * `Context` is what handlers get to write their read models in the same transaction as the
 * checkpoint: `MemoryTables`, a better-sqlite3 `Database`, or a `pg` client.
 *
 * @example
 * ```ts
 * const store: EventStore = new MemoryEventStore();
 * await store.append('account-1', [{ type: 'Opened', data: { owner: 'ada' } }], { expectedVersion: 'no_stream' });
 * const events = await store.readStream('account-1');
 * ```
 */
export interface EventStore<Context = unknown> {
  /** Which implementation this is: `'memory'`, `'sqlite'` or `'postgres'`. */
  readonly kind: string;
  /**
   * Appends events to a stream atomically (all or none). Throws {@link ConcurrencyError} when
   * the expected version does not match, {@link EventStoreInputError} for bad input; in both
   * cases nothing is written. Re-appending events whose ids are already stored in this stream, in
   * the same order, returns their original result with `appended: 0`.
   */
  append(streamId: string, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult>;
  /** Events of one stream in version order (or reverse), upcast. A missing stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's current version: 0 when it has no events. */
  streamVersion(streamId: string): Promise<number>;
  /**
   * Events of all streams in the store's total order, after a cursor: only events that are
   * committed and that no still-running transaction can precede, so reading on from the last
   * cursor never skips an event.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The cursor of the last event `readAll` can currently return (START when none). */
  headCursor(): Promise<Cursor>;

  saveSnapshot(snapshot: Snapshot): Promise<void>;
  loadSnapshot(streamId: string, name: string): Promise<Snapshot | undefined>;

  /** A subscription's stored checkpoint, or undefined if it never committed one. */
  loadCheckpoint(subscriptionId: string): Promise<Cursor | undefined>;
  /**
   * In one transaction: runs `work` (the handler's writes) with the store's context, saves the
   * checkpoint, and records parked or resolved dead letters. If `work` throws, nothing is saved.
   */
  commit<T>(commit: CheckpointCommit, work?: (context: Context) => T | Promise<T>): Promise<T | undefined>;
  /** A subscription's parked events, in the store's order. */
  listParked(subscriptionId: string): Promise<ParkedEvent[]>;
  /** Runs `work` in a transaction with the store's context. */
  transaction<T>(work: (context: Context) => T | Promise<T>): Promise<T>;
  /** Replaces table `target` by table `source` (drops `target`, renames `source`), in the caller's transaction. */
  replaceTable(context: Context, source: string, target: string): Promise<void>;
  /**
   * Calls `listener` (a hint, no data) when events may have been appended, possibly by another
   * process. Subscriptions poll anyway; this only lets them wake early. Returns an unsubscribe.
   */
  onAppend(listener: () => void): () => void;
  /** Releases connections. Later calls throw {@link StoreClosedError}. */
  close(): Promise<void>;
}
