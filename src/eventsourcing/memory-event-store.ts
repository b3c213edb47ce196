import { assert, invalidOption } from '../errors.js';
import type { Runtime, RuntimeOptions } from '../runtime/index.js';
import { ConcurrencyError, EventStoreInputError, StoreClosedError } from './errors.js';
import type { CheckpointCommit, EventStore, EventStoreOptions, InlineProjection, ParkedEvent } from './event-store.js';
import { Mutex } from './mutex.js';
import { checkEventStoreOptions } from './event-store-options.js';
import { START, compareCursors, type AppendOptions, type AppendResult, type Cursor, type EventToAppend, type ExpectedVersion, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent, type Snapshot } from './types.js';
import { upcast } from './upcasting.js';
import { type PreparedEvent, categoryOf, prepareEvents, readAllFilters, readCount, validateExpectedVersion, validateStreamName, versionMatches } from './validation.js';

/**
 * The memory store's transaction context: named tables (maps) for read models. Writes made in a
 * transaction become visible only if it commits, so a failing handler leaves no half-update.
 *
 * @example
 * ```ts
 * await store.transaction((tables) => tables.table('balances').set('account-1', 100));
 * store.tables.table('balances').get('account-1'); // 100
 * ```
 */
export interface MemoryTables {
  /** The table called `name`, created empty on first use. */
  table<V = unknown>(name: string): Map<string, V>;
  /** The names of the tables that exist. */
  names(): string[];
}

interface StoredEvent {
  readonly id: string;
  readonly streamId: string;
  readonly category: string;
  readonly streamVersion: number;
  readonly position: number;
  readonly transactionId: number;
  readonly type: string;
  /** The event as read: parsed from its JSON once (a copy nobody else holds) and deep-frozen. */
  readonly recorded: RecordedEvent;
}

interface StoredParked {
  readonly eventId: string;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAtMs: number;
}

/**
 * Options of {@link MemoryEventStore}.
 *
 * @example
 * ```ts
 * new MemoryEventStore({ runtime: new ManualRuntime(), upcasters });
 * ```
 */
export interface MemoryEventStoreOptions extends EventStoreOptions<MemoryTables>, RuntimeOptions {}

/**
 * The in-memory event store: the default, for tests, prototypes and single-process tools. Same
 * contract as the SQLite and PostgreSQL stores; everything is lost when the process ends.
 *
 * @example
 * ```ts
 * import { MemoryEventStore } from 'pacelc/eventsourcing';
 * const store = new MemoryEventStore();
 * await store.append('account-1', [{ type: 'Opened', data: { owner: 'ada' } }]);
 * (await store.readStream('account-1')).length; // 1
 * ```
 */
export class MemoryEventStore implements EventStore<MemoryTables> {
  readonly kind = 'memory';
  private readonly runtime: Runtime;
  private readonly options: MemoryEventStoreOptions;
  private readonly maxEventBytes: number;
  private readonly events: StoredEvent[] = [];
  /** Each stream's events as read (frozen), so a read is one slice. */
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly snapshots = new Map<string, string>();
  private readonly checkpoints = new Map<string, Cursor>();
  private readonly parked = new Map<string, StoredParked[]>();
  private readonly listeners = new Set<() => void>();
  private readonly mutex = new Mutex();
  private committedTables = new Map<string, Map<string, unknown>>();
  private nextTransactionId = 1;
  private closed = false;

  constructor(options: MemoryEventStoreOptions = {}) {
    ({ runtime: this.runtime, maxEventBytes: this.maxEventBytes } = checkEventStoreOptions('MemoryEventStore', options));
    this.options = options;
  }

  /** The committed read-model tables (read them outside transactions). */
  get tables(): MemoryTables {
    const tables = this.committedTables;
    return {
      table: <V>(name: string) => {
        let table = tables.get(name);
        if (table === undefined) tables.set(name, (table = new Map()));
        return table as Map<string, V>;
      },
      names: () => [...tables.keys()],
    };
  }

  async append(streamId: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    this.checkOpen();
    validateStreamName(streamId);
    const expected = options.expectedVersion ?? 'any';
    validateExpectedVersion(expected);
    const prepared = prepareEvents(events, this.maxEventBytes, this.runtime.clock.nowMs());
    // Without inline projections an append is synchronous, so it needs no lock to be atomic.
    const projections = this.options.inlineProjections ?? [];
    const result = await (projections.length === 0 ? this.appendNow(streamId, prepared, expected, projections) : this.mutex.run(() => this.appendNow(streamId, prepared, expected, projections)));
    if (result.appended > 0) for (const listener of this.listeners) listener();
    return result;
  }

  private appendNow(streamId: string, prepared: readonly PreparedEvent[], expected: ExpectedVersion, projections: readonly InlineProjection<MemoryTables>[]): AppendResult | Promise<AppendResult> {
    {
      this.checkOpen();
      const stream = this.streams.get(streamId) ?? [];
      const actual = stream.length;
      const repeat = this.idempotentRepeat(streamId, prepared.map((event) => event.id));
      if (repeat !== undefined) return repeat;
      if (!versionMatches(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
      if (prepared.length === 0) {
        const last = this.events.at(-1);
        return { streamId, nextExpectedVersion: actual, appended: 0, transactionId: last?.transactionId ?? 0, position: last?.position ?? 0 };
      }
      const transactionId = this.nextTransactionId;
      const recordedAtMs = this.runtime.clock.nowMs();
      const category = categoryOf(streamId);
      const base = this.events.length;
      const stored = prepared.map((event, index): StoredEvent => {
        const recorded: RecordedEvent = deepFreeze({
          id: event.id,
          streamId,
          streamVersion: actual + index + 1,
          position: base + index + 1,
          transactionId,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: JSON.parse(event.dataJson) as unknown,
          correlationId: event.correlationId,
          causationId: event.causationId,
          metadata: JSON.parse(event.metadataJson) as Record<string, unknown>,
          recordedAtMs,
        });
        return { id: event.id, streamId, category, streamVersion: recorded.streamVersion, position: recorded.position, transactionId, type: event.type, recorded };
      });
      const commit = (): AppendResult => {
        this.nextTransactionId++;
        for (const event of stored) {
          this.events.push(event);
          this.byId.set(event.id, event);
        }
        if (stream.length === 0) this.streams.set(streamId, stream);
        for (const event of stored) stream.push(event.recorded);
        const last = stored.at(-1) as StoredEvent;
        return { streamId, nextExpectedVersion: last.streamVersion, appended: stored.length, transactionId, position: last.position };
      };
      if (projections.length === 0) return commit();
      const recorded = stored.map((event) => this.decode(event));
      return this.runTransaction(async (tables) => {
        for (const projection of projections) {
          const selected = projection.eventTypes === undefined ? recorded : recorded.filter((event) => projection.eventTypes?.includes(event.type));
          if (selected.length > 0) await projection.handle(selected, tables);
        }
      }).then(commit);
    }
  }

  private idempotentRepeat(streamId: string, ids: readonly string[]): AppendResult | undefined {
    const found = ids.map((id) => this.byId.get(id));
    if (found.every((event) => event === undefined)) return undefined;
    const first = found[0];
    const consistent =
      first !== undefined &&
      found.every((event, index) => event !== undefined && event.streamId === streamId && event.streamVersion === first.streamVersion + index);
    if (!consistent) {
      const index = found.findIndex((event) => event !== undefined);
      throw new EventStoreInputError('DUPLICATE_EVENT_ID', `Event id ${JSON.stringify(ids[index])} is already stored${found[index]?.streamId === streamId ? ' at a different place in this stream' : ` in stream ${JSON.stringify(found[index]?.streamId)}`}, and the batch is not an exact repeat of an earlier append`);
    }
    const last = found.at(-1) as StoredEvent;
    return { streamId, nextExpectedVersion: (this.streams.get(streamId) ?? []).length, appended: 0, transactionId: last.transactionId, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    validateStreamName(streamId);
    const stream = this.streams.get(streamId) ?? [];
    const direction = options.direction ?? 'forward';
    const maxCount = options.maxCount === undefined ? Number.MAX_SAFE_INTEGER : readCount(options.maxCount, 0);
    const from = options.fromVersion ?? (direction === 'forward' ? 1 : stream.length);
    if (!Number.isSafeInteger(from) || from < 0) throw invalidOption('fromVersion', options.fromVersion, 'an integer >= 0');
    const selected = direction === 'forward' ? stream.slice(Math.max(from - 1, 0), Math.max(from - 1, 0) + maxCount) : stream.slice(Math.max(from - maxCount, 0), from).reverse();
    return this.options.upcasters === undefined ? selected : selected.map((event) => upcast(event, this.options.upcasters));
  }

  async streamVersion(streamId: string): Promise<number> {
    this.checkOpen();
    validateStreamName(streamId);
    return this.streams.get(streamId)?.length ?? 0;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    const maxCount = readCount(options.maxCount, 1_000);
    const { category, eventTypes } = readAllFilters(options);
    const after = options.after ?? START;
    // Positions and transaction ids rise together here, so position order is the store order.
    let index = lowerBound(this.events, after);
    const result: RecordedEvent[] = [];
    for (; index < this.events.length && result.length < maxCount; index++) {
      const event = this.events[index] as StoredEvent;
      if (category !== undefined && event.category !== category) continue;
      if (eventTypes !== undefined && !eventTypes.includes(event.type)) continue;
      result.push(this.decode(event));
    }
    return result;
  }

  async headCursor(): Promise<Cursor> {
    this.checkOpen();
    const last = this.events.at(-1);
    return last === undefined ? START : { transactionId: last.transactionId, position: last.position };
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    this.checkOpen();
    validateStreamName(snapshot.streamId);
    this.snapshots.set(`${snapshot.name}\u0000${snapshot.streamId}`, JSON.stringify({ version: snapshot.version, state: snapshot.state }));
  }

  async loadSnapshot(streamId: string, name: string): Promise<Snapshot | undefined> {
    this.checkOpen();
    const json = this.snapshots.get(`${name}\u0000${streamId}`);
    if (json === undefined) return undefined;
    const { version, state } = JSON.parse(json) as { version: number; state: unknown };
    return { streamId, name, version, state };
  }

  async loadCheckpoint(subscriptionId: string): Promise<Cursor | undefined> {
    this.checkOpen();
    return this.checkpoints.get(subscriptionId);
  }

  async commit<T>(commit: CheckpointCommit, work?: (context: MemoryTables) => T | Promise<T>): Promise<T | undefined> {
    this.checkOpen();
    return this.mutex.run(async () => {
      const result = work === undefined ? undefined : await this.runTransaction(work);
      this.checkpoints.set(commit.subscriptionId, { transactionId: commit.cursor.transactionId, position: commit.cursor.position });
      let parked = this.parked.get(commit.subscriptionId) ?? [];
      if (commit.resolved !== undefined && commit.resolved.length > 0) {
        const resolved = new Set(commit.resolved);
        parked = parked.filter((entry) => !resolved.has(entry.eventId));
      }
      for (const entry of commit.park ?? []) {
        if (!parked.some((existing) => existing.eventId === entry.event.id)) parked = [...parked, { eventId: entry.event.id, error: entry.error, attempts: entry.attempts, parkedAtMs: entry.parkedAtMs }];
      }
      this.parked.set(commit.subscriptionId, parked);
      return result;
    });
  }

  async listParked(subscriptionId: string): Promise<ParkedEvent[]> {
    this.checkOpen();
    return (this.parked.get(subscriptionId) ?? [])
      .map((entry) => ({ entry, event: this.byId.get(entry.eventId) }))
      .filter((item): item is { entry: StoredParked; event: StoredEvent } => item.event !== undefined)
      .sort((a, b) => compareCursors(a.event, b.event))
      .map(({ entry, event }) => ({ subscriptionId, event: this.decode(event), error: entry.error, attempts: entry.attempts, parkedAtMs: entry.parkedAtMs }));
  }

  async transaction<T>(work: (context: MemoryTables) => T | Promise<T>): Promise<T> {
    this.checkOpen();
    return this.mutex.run(() => this.runTransaction(work));
  }

  async replaceTable(context: MemoryTables, source: string, target: string): Promise<void> {
    const overlay = context as OverlayTables;
    assert(overlay.replace !== undefined, 'replaceTable needs the context of a memory-store transaction');
    overlay.replace(source, target);
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }

  /** Runs work on copies of the tables it touches, and installs the copies only if it succeeds. Call under the mutex. */
  private async runTransaction<T>(work: (context: MemoryTables) => T | Promise<T>): Promise<T> {
    const base = this.committedTables;
    const next = new Map(base);
    const copied = new Set<string>();
    const overlay: OverlayTables = {
      table: <V>(name: string) => {
        if (!copied.has(name)) {
          next.set(name, new Map(next.get(name) ?? []));
          copied.add(name);
        }
        return next.get(name) as Map<string, V>;
      },
      names: () => [...next.keys()],
      replace: (source, target) => {
        const table = next.get(source) ?? new Map();
        next.delete(source);
        next.set(target, table);
        copied.add(target);
      },
    };
    const result = await work(overlay);
    this.committedTables = next;
    return result;
  }

  private decode(event: StoredEvent): RecordedEvent {
    return upcast(event.recorded, this.options.upcasters);
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key in value) deepFreeze(value[key]);
  }
  return value;
}

interface OverlayTables extends MemoryTables {
  replace?: (source: string, target: string) => void;
}

/** The index of the first event after `cursor` (events are sorted by position). */
function lowerBound(events: readonly StoredEvent[], cursor: Cursor): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareCursors(events[middle] as StoredEvent, cursor) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
