/**
 * An event to append: its type, its data (any JSON-serialisable value) and optional metadata.
 * `id` makes the append idempotent: appending the same ids again to the same stream is a no-op.
 *
 * @example
 * ```ts
 * const event: EventToAppend = { type: 'Deposited', data: { amount: 50 }, correlationId: 'req-7' };
 * ```
 */
export interface EventToAppend<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  /** A unique id (e.g. a UUID). Default: a random UUID. Appending an id that is already stored is idempotent. */
  readonly id?: string;
  /** The version of this event type's schema, for upcasting. Default 1. */
  readonly schemaVersion?: number;
  /** The id of the request or conversation this event belongs to. */
  readonly correlationId?: string;
  /** The id of the message (command or event) that caused this event. */
  readonly causationId?: string;
  /** Anything else, JSON-serialisable. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * An event as stored: what was appended plus where it is (stream version, global position,
 * transaction) and when it was recorded (from the runtime clock).
 *
 * @example
 * ```ts
 * const [first] = await store.readStream('account-1');
 * first.streamVersion; // 1
 * first.position;      // e.g. 42, unique across the store
 * ```
 */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly streamId: string;
  /** 1 for the first event of a stream, then 2, 3, ... with no gaps. */
  readonly streamVersion: number;
  /** Unique and increasing across the store (there may be gaps, e.g. after rolled-back appends). */
  readonly position: number;
  /**
   * The transaction that appended the event. The store's total order (read all, subscriptions) is
   * (transactionId, position): with PostgreSQL this is commit-safe order, in the other stores it
   * equals position order.
   */
  readonly transactionId: number;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Wall-clock time of the append, from the store's runtime clock (ms since the epoch). */
  readonly recordedAtMs: number;
}

/**
 * The recorded form of each member of an event union, itself a union, so that a `switch` on
 * `event.type` narrows `event.data`. Handlers and projections take it instead of a bare
 * {@link RecordedEvent} when they are given the union of the events they read.
 *
 * @example
 * ```ts
 * type OrderEvent = { type: 'OrderPlaced'; data: { customer: string } } | { type: 'OrderShipped'; data: {} };
 * function apply(event: RecordedEventOf<OrderEvent>) {
 *   if (event.type === 'OrderPlaced') console.log(event.data.customer); // typed, no cast
 * }
 * ```
 */
export type RecordedEventOf<Event extends { readonly type: string; readonly data: unknown }> = Event extends { readonly type: infer Type extends string; readonly data: infer Data }
  ? RecordedEvent<Type, Data>
  : never;

/** Any event: what a handler or projection reads when it names no event union. */
export interface AnyEvent {
  readonly type: string;
  readonly data: unknown;
}

/**
 * What the stream must look like for an append to go ahead: `'any'` (no check), `'no_stream'`
 * (the stream must not exist), `'stream_exists'`, or the exact current version (0 = no events).
 *
 * @example
 * ```ts
 * await store.append('account-1', [opened], { expectedVersion: 'no_stream' });
 * await store.append('account-1', [deposited], { expectedVersion: 1 });
 * ```
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

/**
 * Options of {@link EventStore.append}.
 *
 * @example
 * ```ts
 * await store.append('account-1', events, { expectedVersion: 'no_stream' });
 * ```
 */
export interface AppendOptions {
  /** Default `'any'`. */
  readonly expectedVersion?: ExpectedVersion;
}

/**
 * The outcome of an append. It is also a {@link Cursor}: pass it to `waitForPosition` to wait
 * until a projection has seen this append.
 *
 * @example
 * ```ts
 * const result = await store.append('account-1', events);
 * result.nextExpectedVersion; // the stream's version after the append
 * ```
 */
export interface AppendResult extends Cursor {
  readonly streamId: string;
  /** The version of the stream after the append (pass it as `expectedVersion` next time). */
  readonly nextExpectedVersion: number;
  /** How many events were written: 0 when the append was an idempotent repeat. */
  readonly appended: number;
}

/**
 * A place in the store's total order: (transactionId, position). Subscriptions store one as
 * their checkpoint. `{ transactionId: 0, position: 0 }` is the start.
 *
 * @example
 * ```ts
 * const next = await store.readAll({ after: lastSeen, maxCount: 100 });
 * ```
 */
export interface Cursor {
  readonly transactionId: number;
  readonly position: number;
}

/**
 * The cursor before the first event.
 *
 * @example
 * ```ts
 * const firstPage = await store.readAll({ after: START, maxCount: 100 });
 * ```
 */
export const START: Cursor = Object.freeze({ transactionId: 0, position: 0 });

/**
 * Negative if `a` comes before `b` in the store's order, 0 if equal, positive after.
 *
 * @example
 * ```ts
 * compareCursors({ transactionId: 1, position: 9 }, { transactionId: 2, position: 3 }); // < 0
 * ```
 */
export function compareCursors(a: Cursor, b: Cursor): number {
  return a.transactionId === b.transactionId ? a.position - b.position : a.transactionId - b.transactionId;
}

/**
 * A plain `{ transactionId, position }` of an event or result, without its other fields.
 *
 * @example
 * ```ts
 * await store.commit({ subscriptionId: 'x', cursor: cursorOf(event) });
 * ```
 */
export function cursorOf(cursor: Cursor): Cursor {
  return { transactionId: cursor.transactionId, position: cursor.position };
}

/**
 * Options of {@link EventStore.readStream}.
 *
 * @example
 * ```ts
 * await store.readStream('account-1', { direction: 'backward', maxCount: 1 }); // the last event
 * ```
 */
export interface ReadStreamOptions {
  /** Default `'forward'`. */
  readonly direction?: 'forward' | 'backward';
  /** The first version to return (inclusive). Default: 1 forward, the last version backward. */
  readonly fromVersion?: number;
  /** Stop after this many events. Default: all (forward) — bounded by the stream's length. */
  readonly maxCount?: number;
}

/**
 * Options of {@link EventStore.readAll}.
 *
 * @example
 * ```ts
 * await store.readAll({ after: checkpoint, maxCount: 500, category: 'order', eventTypes: ['OrderPlaced'] });
 * ```
 */
export interface ReadAllOptions {
  /** Return events strictly after this cursor. Default: from the start. */
  readonly after?: Cursor | undefined;
  /** At most this many events (default 1,000, at most 100,000). */
  readonly maxCount?: number;
  /** Only streams of this category: the stream name up to its first `-` (`account` for `account-42`). */
  readonly category?: string;
  /** Only events of these types. */
  readonly eventTypes?: readonly string[];
}

/**
 * A saved aggregate state at a stream version, so loading replays only the events after it.
 *
 * @example
 * ```ts
 * await store.saveSnapshot({ streamId: 'account-1', name: 'account', version: 100, state: { balance: 5 } });
 * ```
 */
export interface Snapshot<State = unknown> {
  readonly streamId: string;
  /** Which snapshot of the stream (one per aggregate type or state shape), e.g. `account@2`. */
  readonly name: string;
  /** The stream version the state includes. */
  readonly version: number;
  readonly state: State;
}
