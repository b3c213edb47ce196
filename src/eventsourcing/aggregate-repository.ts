import { invalidOption } from '../errors.js';
import type { Runtime, RuntimeOptions } from '../runtime/index.js';
import { systemRuntime } from '../runtime/index.js';
import { type Decider, type DomainEvent, decisions } from './decider.js';
import { ConcurrencyError } from './errors.js';
import type { EventStore } from './event-store.js';
import type { AppendResult, EventToAppend, ExpectedVersion, RecordedEvent } from './types.js';

/**
 * Snapshot policy of an {@link AggregateRepository}.
 *
 * @example
 * ```ts
 * new AggregateRepository(store, decider, { snapshots: { name: 'account@2', every: 100 } });
 * ```
 */
export interface SnapshotOptions {
  /** Which snapshot this is; change it when the state's shape changes (old snapshots are then ignored). */
  readonly name: string;
  /** Save a snapshot each time the stream's version crosses a multiple of this. */
  readonly every: number;
}

/**
 * Options of {@link AggregateRepository}.
 *
 * @example
 * ```ts
 * new AggregateRepository(store, decider, { maxAttempts: 10, initialDelayMs: 2, pageSize: 500 });
 * ```
 */
export interface AggregateRepositoryOptions extends RuntimeOptions {
  /** Save and load snapshots (state must be JSON-serialisable). Default: none. */
  readonly snapshots?: SnapshotOptions;
  /** Attempts of a command on version conflicts. Default 5. */
  readonly maxAttempts?: number;
  /** First backoff between attempts (doubled, jittered). Default 5 ms. */
  readonly initialDelayMs?: number;
  /** Events read per page while replaying. Default 1,000. */
  readonly pageSize?: number;
}

/**
 * The state of a stream at a version.
 *
 * @example
 * ```ts
 * const { state, version, fromSnapshot } = await accounts.load('account-1');
 * ```
 */
export interface LoadedAggregate<State> {
  readonly state: State;
  /** The stream version the state includes (0 = no events). */
  readonly version: number;
  /** Whether a snapshot was used, and how many events were replayed on top of it. */
  readonly fromSnapshot: boolean;
  readonly replayed: number;
}

/**
 * What {@link AggregateRepository.handle} did.
 *
 * @example
 * ```ts
 * const { events, append, attempts } = await accounts.handle('account-1', command);
 * ```
 */
export interface CommandResult<State, Event> {
  readonly state: State;
  readonly events: readonly Event[];
  readonly append: AppendResult;
  /** 1 unless it retried after version conflicts. */
  readonly attempts: number;
}

/**
 * Options of one command.
 *
 * @example
 * ```ts
 * await accounts.handle('account-1', command, { expectedVersion: 4, correlationId: request.id });
 * ```
 */
export interface HandleOptions {
  /** Fail with ConcurrencyError unless the stream is at this version (no retries then). */
  readonly expectedVersion?: ExpectedVersion;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Loads aggregates from an event store (snapshot, then the events after it) and runs commands
 * through a {@link Decider}: load, decide, append with the loaded version as expected version, and
 * on a version conflict reload and decide again (bounded, with backoff).
 *
 * @example
 * ```ts
 * const accounts = new AggregateRepository(store, bankAccount, { snapshots: { name: 'account@1', every: 100 } });
 * await accounts.handle('account-1', { type: 'Deposit', amount: 50 });
 * const { state } = await accounts.load('account-1', { toVersion: 3 }); // time travel
 * ```
 */
export class AggregateRepository<State, Command, Event extends DomainEvent> {
  private readonly runtime: Runtime;
  private readonly maxAttempts: number;
  private readonly initialDelayMs: number;
  private readonly pageSize: number;

  constructor(
    private readonly store: EventStore<unknown>,
    private readonly decider: Decider<State, Command, Event>,
    private readonly options: AggregateRepositoryOptions = {},
  ) {
    this.runtime = options.runtime ?? systemRuntime();
    this.maxAttempts = options.maxAttempts ?? 5;
    this.initialDelayMs = options.initialDelayMs ?? 5;
    this.pageSize = options.pageSize ?? 1_000;
    if (!Number.isSafeInteger(this.maxAttempts) || this.maxAttempts < 1 || this.maxAttempts > 100) throw invalidOption('maxAttempts', options.maxAttempts, 'an integer in 1..100');
    if (!(this.initialDelayMs >= 0)) throw invalidOption('initialDelayMs', options.initialDelayMs, 'a number >= 0');
    if (!Number.isSafeInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > 100_000) throw invalidOption('pageSize', options.pageSize, 'an integer in 1..100000');
    const snapshots = options.snapshots;
    if (snapshots !== undefined && (!Number.isSafeInteger(snapshots.every) || snapshots.every < 1 || typeof snapshots.name !== 'string' || snapshots.name === '')) {
      throw invalidOption('snapshots', snapshots, '{ name: a non-empty string, every: an integer >= 1 }');
    }
  }

  /**
   * The state of a stream, now or as it was at `toVersion` (time travel). Uses the latest
   * snapshot at or before that version, then replays the events after it.
   */
  async load(streamId: string, options: { toVersion?: number; useSnapshot?: boolean } = {}): Promise<LoadedAggregate<State>> {
    const toVersion = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(toVersion) || toVersion < 0) throw invalidOption('toVersion', options.toVersion, 'an integer >= 0');
    let state = this.decider.initialState();
    let version = 0;
    let fromSnapshot = false;
    if (this.options.snapshots !== undefined && options.useSnapshot !== false) {
      const snapshot = await this.store.loadSnapshot(streamId, this.options.snapshots.name);
      if (snapshot !== undefined && snapshot.version <= toVersion) {
        state = snapshot.state as State;
        version = snapshot.version;
        fromSnapshot = true;
      }
    }
    let replayed = 0;
    while (version < toVersion) {
      const page = await this.store.readStream(streamId, { fromVersion: version + 1, maxCount: Math.min(this.pageSize, toVersion - version) });
      for (const event of page) state = this.decider.evolve(state, event as unknown as Event);
      replayed += page.length;
      version += page.length;
      if (page.length < this.pageSize) break;
    }
    return { state, version, fromSnapshot, replayed };
  }

  /** Runs a command: load, decide, append; retries on version conflicts unless `expectedVersion` is given. */
  async handle(streamId: string, command: Command, options: HandleOptions = {}): Promise<CommandResult<State, Event>> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(streamId);
      if (options.expectedVersion !== undefined && options.expectedVersion !== 'any') {
        const expected = options.expectedVersion;
        const ok = expected === 'no_stream' ? loaded.version === 0 : expected === 'stream_exists' ? loaded.version > 0 : loaded.version === expected;
        if (!ok) throw new ConcurrencyError(streamId, expected, loaded.version);
      }
      const events = decisions(this.decider.decide(command, loaded.state));
      const toAppend: EventToAppend[] = events.map((event) => ({
        type: event.type,
        data: event.data,
        ...(options.correlationId === undefined ? {} : { correlationId: options.correlationId }),
        ...(options.causationId === undefined ? {} : { causationId: options.causationId }),
        ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
      }));
      try {
        const append = await this.store.append(streamId, toAppend, { expectedVersion: loaded.version === 0 ? 'no_stream' : loaded.version });
        let state = loaded.state;
        for (const event of events) state = this.decider.evolve(state, event);
        await this.maybeSnapshot(streamId, loaded.version, append.nextExpectedVersion, state);
        return { state, events, append, attempts: attempt };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || options.expectedVersion !== undefined || attempt >= this.maxAttempts) throw error;
        const ceiling = this.initialDelayMs * 2 ** (attempt - 1);
        await this.runtime.sleep(ceiling / 2 + this.runtime.random.float() * (ceiling / 2));
      }
    }
  }

  private async maybeSnapshot(streamId: string, before: number, after: number, state: State): Promise<void> {
    const policy = this.options.snapshots;
    if (policy === undefined || Math.floor(after / policy.every) === Math.floor(before / policy.every)) return;
    await this.store.saveSnapshot({ streamId, name: policy.name, version: after, state });
  }
}

/**
 * The events of a recorded stream as domain events (type and data).
 *
 * @example
 * ```ts
 * replay(bankAccount, toDomainEvents(await store.readStream('account-1')));
 * ```
 */
export function toDomainEvents<Event extends DomainEvent>(events: readonly RecordedEvent[]): Event[] {
  return events.map((event) => ({ type: event.type, data: event.data }) as unknown as Event);
}
