import { invalidOption } from '../../errors.js';
import { numberOption, optionalFunction, optionalObjectWith, wrongType } from '../../options.js';
import type { Backoff } from '../backoff.js';
import type { Execution } from '../context.js';
import { BrokenCircuitError, IsolatedCircuitError } from '../errors.js';
import type { CircuitStateKind, ResilienceEvent } from '../events.js';
import { DECLINED, type Gate, throughGate } from '../gate.js';
import { BasePolicy, type Next, type PolicyOptions } from '../policy.js';
import { withDeadline } from '../with-deadline.js';
import type { SharedCircuitState, SharedCircuitStore } from './shared-circuit.js';
import { consecutiveFailures, type TripStrategy } from './trip-strategy.js';

/**
 * The state of a circuit breaker, a discriminated union on `kind`:
 * - `closed`: calls run and are counted by the trip strategy;
 * - `open`: calls are rejected until `reopensAtMs` (monotonic), after which the next call probes;
 * - `half-open`: up to `probes` calls run; `successThreshold` successes close it, too many failures re-open it;
 * - `isolated`: opened by hand, rejected until `reset()`.
 *
 * @example
 * ```ts
 * const state = breaker.state;
 * if (state.kind === 'open') console.log(`reopens in ${state.reopensAtMs - runtime.clock.monotonicMs()} ms`);
 * ```
 */
export type CircuitState =
  | { readonly kind: 'closed' }
  | { readonly kind: 'open'; readonly openedAtMs: number; readonly reopensAtMs: number; readonly opens: number }
  | { readonly kind: 'half-open'; readonly opens: number; readonly admitted: number; readonly successes: number; readonly failures: number }
  | { readonly kind: 'isolated' };

/**
 * A breaker's state as JSON (`toJSON()`), to restore with the `initialState` option. Times are wall-clock.
 *
 * @example
 * ```ts
 * await writeFile('breaker.json', JSON.stringify(breaker.toJSON()));
 * const restored = circuitBreaker({ initialState: JSON.parse(await readFile('breaker.json', 'utf8')) });
 * ```
 */
export interface CircuitBreakerSnapshot {
  readonly kind: CircuitStateKind;
  /** Consecutive opens without a close (drives a backing-off open period). */
  readonly opens: number;
  /** When an open circuit lets the next probe through, in wall-clock ms since the epoch. */
  readonly reopensAtWallMs?: number;
  /** The trip strategy's counts. */
  readonly trip: unknown;
}

/**
 * Options of the half-open state.
 *
 * @example
 * ```ts
 * circuitBreaker({ halfOpen: { probes: 5, successThreshold: 4 } });
 * ```
 */
export interface HalfOpenOptions {
  /** How many probe calls the half-open state lets through (1..1,000). Default 1. */
  readonly probes?: number;
  /** How many of them must succeed to close (1..probes). Default `probes`. */
  readonly successThreshold?: number;
}

/**
 * Sharing the state of one circuit between instances (see {@link SharedCircuitStore}).
 *
 * @example
 * ```ts
 * circuitBreaker({ shared: { store: new RedisCircuitStore({ redis, name: 'search' }), syncIntervalMs: 500, timeoutMs: 100 } });
 * ```
 */
export interface SharedCircuitOptions {
  readonly store: SharedCircuitStore;
  /** How often (at most) a call triggers a background read of the shared state, in ms. Default 1,000. */
  readonly syncIntervalMs?: number;
  /** Longest wait for the store before carrying on with local state, in ms. Default 250. */
  readonly timeoutMs?: number;
  /** How long the half-open probe lease lasts, in ms. Default 10,000. */
  readonly probeLeaseMs?: number;
}

/**
 * Options of {@link circuitBreaker}.
 *
 * @example
 * ```ts
 * circuitBreaker({ trip: consecutiveFailures(3), openMs: 30_000, shouldCount: (error) => !(error instanceof NotFoundError) });
 * ```
 */
export interface CircuitBreakerOptions extends PolicyOptions {
  /** When to open. Default `consecutiveFailures(5)`. */
  readonly trip?: TripStrategy;
  /** How long the circuit stays open: a constant in ms, or a backoff over consecutive opens. Default 10,000. */
  readonly openMs?: number | Backoff;
  readonly halfOpen?: HalfOpenOptions;
  /** A call that takes at least this long (ms) counts as slow, for the strategies' `slowCallRatio`. Default `Infinity`. */
  readonly slowCallMs?: number;
  /**
   * Which errors count as failures. Default: every error except the call's own abort (the caller
   * giving up says nothing about the dependency). Errors that do not count are not successes either.
   */
  readonly shouldCount?: (error: unknown) => boolean;
  /** A state saved with `toJSON()`. */
  readonly initialState?: CircuitBreakerSnapshot;
  /** Share the circuit with other instances (through Redis, say); local state whenever the store fails. */
  readonly shared?: SharedCircuitOptions;
}

interface HalfOpenState {
  readonly kind: 'half-open';
  readonly opens: number;
  admitted: number;
  successes: number;
  failures: number;
}

type State = Exclude<CircuitState, { kind: 'half-open' }> | HalfOpenState;

/** Most store operations a breaker lets wait at once. */
const maxSharedPending = 16;

/**
 * Stops calling a dependency that keeps failing, so it can recover and callers fail fast. Trips on
 * consecutive failures, a failure ratio over the last N calls or the last T ms (with a minimum
 * throughput), or a slow-call ratio; probes with N calls in half-open and closes on a success
 * threshold; the open period can back off. Its state saves to JSON, and it can share its state
 * with other instances through a {@link SharedCircuitStore} (Redis), falling back to local state
 * when the store is down. No timers: the open period is checked when a call arrives.
 *
 * @example
 * ```ts
 * const breaker = circuitBreaker({
 *   trip: timeWindow({ windowMs: 10_000, minimumThroughput: 20, failureRatio: 0.5, slowCallRatio: 0.8 }),
 *   slowCallMs: 2_000,
 *   openMs: exponentialBackoff({ initialMs: 5_000, maxMs: 60_000, jitter: 'none' }),
 *   halfOpen: { probes: 3, successThreshold: 2 },
 * });
 * try { await breaker.execute(() => inventory.reserve(item)); }
 * catch (error) { if (error instanceof BrokenCircuitError) retryLater(error.retryAfterMs); }
 * ```
 */
export function circuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  return new CircuitBreaker(options);
}

/**
 * The policy that {@link circuitBreaker} returns.
 *
 * @example
 * ```ts
 * const breaker: CircuitBreaker = circuitBreaker();
 * breaker.isolate(); // maintenance window
 * breaker.reset();
 * ```
 */
export class CircuitBreaker extends BasePolicy implements Gate {
  override readonly gate: Gate = this;
  /** @internal */
  readonly forks = false;
  private readonly trip: TripStrategy;
  private readonly openDuration: (opens: number) => number;
  private readonly probes: number;
  private readonly successThreshold: number;
  private readonly slowCallMs: number;
  private readonly shouldCount: ((error: unknown) => boolean) | undefined;
  private readonly timesCalls: boolean;
  private readonly shared: Required<SharedCircuitOptions> | undefined;
  private current: State = { kind: 'closed' };
  /** Bumped on every transition: a call admitted under an older state does not count in the new one. */
  private generation = 0;
  private lastSyncMs = Number.NEGATIVE_INFINITY;
  private sharedQueue: Promise<unknown> = Promise.resolve();
  /** Store operations queued or running; bounded so a hung store cannot grow the queue. */
  private sharedPending = 0;
  private previousOpenMs = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    super('circuit-breaker', options);
    this.trip = optionalObjectWith('trip', options.trip, ['record', 'reset'], 'a TripStrategy (e.g. consecutiveFailures(5))') ?? consecutiveFailures(5);
    const openMs = options.openMs ?? 10_000;
    if (typeof openMs === 'number') {
      if (!(openMs >= 0) || !Number.isFinite(openMs)) throw invalidOption('openMs', openMs, 'a finite number >= 0 or a Backoff');
      this.openDuration = () => openMs;
    } else {
      optionalObjectWith('openMs', openMs, ['delayMs'], 'a number of ms or a Backoff (e.g. exponentialBackoff())');
      this.openDuration = (opens) => (this.previousOpenMs = openMs.delayMs(opens, this.previousOpenMs, this.runtime.random));
    }
    optionalObjectWith('halfOpen', options.halfOpen, [], 'an object { probes, successThreshold }');
    this.probes = options.halfOpen?.probes ?? 1;
    this.successThreshold = options.halfOpen?.successThreshold ?? this.probes;
    if (!Number.isSafeInteger(this.probes) || this.probes < 1 || this.probes > 1000) throw invalidOption('halfOpen.probes', this.probes, 'an integer in [1, 1000]');
    if (!Number.isSafeInteger(this.successThreshold) || this.successThreshold < 1 || this.successThreshold > this.probes) {
      throw invalidOption('halfOpen.successThreshold', this.successThreshold, `an integer in [1, ${this.probes}]`);
    }
    this.slowCallMs = numberOption('slowCallMs', options.slowCallMs, Number.POSITIVE_INFINITY, { min: 0, exclusiveMin: true, infinity: true });
    this.shouldCount = optionalFunction('shouldCount', options.shouldCount);
    this.timesCalls = this.trip.needsTime || this.slowCallMs !== Number.POSITIVE_INFINITY;
    if (options.shared !== undefined) {
      optionalObjectWith('shared', options.shared, [], 'an object { store, syncIntervalMs, timeoutMs, probeLeaseMs }');
      this.shared = {
        store: optionalObjectWith('shared.store', options.shared.store, ['read', 'open', 'acquireProbe', 'close'], 'a SharedCircuitStore') as SharedCircuitStore,
        syncIntervalMs: numberOption('shared.syncIntervalMs', options.shared.syncIntervalMs, 1_000, { min: 0, max: 2 ** 31 - 1 }),
        timeoutMs: numberOption('shared.timeoutMs', options.shared.timeoutMs, 250, { min: 0, max: 2 ** 31 - 1 }),
        probeLeaseMs: numberOption('shared.probeLeaseMs', options.shared.probeLeaseMs, 10_000, { min: 0, max: 2 ** 31 - 1 }),
      };
      if (this.shared.store === undefined) throw wrongType('shared.store', undefined, 'a SharedCircuitStore');
    }
    if (options.initialState !== undefined) this.restore(options.initialState);
  }

  /** The state now (an open circuit whose period has passed reports `open` until the next call probes). */
  get state(): CircuitState {
    const state = this.current;
    return state.kind === 'half-open' ? { ...state } : state;
  }

  run(execution: Execution, next: Next): Promise<unknown> {
    if (this.shared !== undefined) this.maybeSync();
    const state = this.current;
    switch (state.kind) {
      case 'closed':
        return this.runCounted(execution, next, this.generation);
      case 'open': {
        const nowMs = this.runtime.clock.monotonicMs();
        if (nowMs < state.reopensAtMs) return this.reject(state.reopensAtMs - nowMs);
        const halfOpen: HalfOpenState = { kind: 'half-open', opens: state.opens, admitted: 0, successes: 0, failures: 0 };
        this.transition(halfOpen, 'probe');
        return this.probe(halfOpen, execution, next);
      }
      case 'half-open':
        return this.probe(state, execution, next);
      case 'isolated':
        return Promise.reject(withoutStack(() => new IsolatedCircuitError()));
    }
  }

  /** @internal A closed circuit admits the call at once; every other state is `run()`'s. */
  enter(): unknown {
    if (this.shared !== undefined) this.maybeSync();
    return this.current.kind === 'closed' ? this.ticket(this.generation) : DECLINED;
  }

  /** What a call admitted under `generation` carries to its exit: the generation, and its start when calls are timed. */
  private ticket(generation: number): number | TimedCall {
    return this.timesCalls ? new TimedCall(generation, this.runtime.clock.monotonicMs()) : generation;
  }

  /** @internal */
  exit(ticket: unknown, execution: Execution, failed: boolean, outcome: unknown): undefined {
    const generation = typeof ticket === 'number' ? ticket : (ticket as TimedCall).generation;
    const startedMs = typeof ticket === 'number' ? 0 : (ticket as TimedCall).startedMs;
    if (failed && !this.counts(outcome, execution)) this.ignore(generation);
    else this.record(generation, failed, startedMs);
    return undefined;
  }

  /** Opens the circuit by hand until {@link CircuitBreaker.reset}; shared instances follow. */
  isolate(): void {
    this.transition({ kind: 'isolated' }, 'isolate');
    if (this.shared !== undefined) this.share((store) => store.isolate());
  }

  /** Closes the circuit and forgets every count (also ends an isolation); shared instances follow. */
  reset(): void {
    this.trip.reset();
    this.previousOpenMs = 0;
    this.transition({ kind: 'closed' }, 'reset');
    if (this.shared !== undefined) this.share((store) => store.close());
  }

  /** The state as JSON, for `initialState` (e.g. saved on shutdown, restored on start). */
  toJSON(): CircuitBreakerSnapshot {
    const nowMs = this.runtime.clock.monotonicMs();
    const state = this.current;
    const trip = this.trip.toJSON(nowMs);
    switch (state.kind) {
      case 'closed':
        return { kind: 'closed', opens: 0, trip };
      case 'isolated':
        return { kind: 'isolated', opens: 0, trip };
      case 'open':
        return { kind: 'open', opens: state.opens, reopensAtWallMs: this.runtime.clock.nowMs() + Math.max(0, state.reopensAtMs - nowMs), trip };
      case 'half-open':
        return { kind: 'half-open', opens: state.opens, reopensAtWallMs: this.runtime.clock.nowMs(), trip };
    }
  }

  private restore(snapshot: CircuitBreakerSnapshot): void {
    const nowMs = this.runtime.clock.monotonicMs();
    this.trip.restore(snapshot.trip, nowMs);
    switch (snapshot.kind) {
      case 'closed':
        this.current = { kind: 'closed' };
        return;
      case 'isolated':
        this.current = { kind: 'isolated' };
        return;
      case 'open':
      case 'half-open': {
        // A half-open circuit restores as open-until-now: the next call probes afresh.
        const remainingMs = Math.max(0, (snapshot.reopensAtWallMs ?? 0) - this.runtime.clock.nowMs());
        this.current = { kind: 'open', openedAtMs: nowMs, reopensAtMs: nowMs + remainingMs, opens: Math.max(1, snapshot.opens) };
        return;
      }
      default:
        throw invalidOption('initialState.kind', (snapshot as { kind: unknown }).kind, '"closed", "open", "half-open" or "isolated"');
    }
  }

  private probe(state: HalfOpenState, execution: Execution, next: Next): Promise<unknown> {
    if (state.admitted >= this.probes) return this.reject(0);
    state.admitted++;
    const generation = this.generation;
    if (this.shared === undefined || state.admitted > 1) return this.runCounted(execution, next, generation);
    return this.leaseThenProbe(state, execution, next, generation, this.shared);
  }

  /** With a shared store, the first probe of a half-open period must win the store's lease. */
  private async leaseThenProbe(state: HalfOpenState, execution: Execution, next: Next, generation: number, shared: Required<SharedCircuitOptions>): Promise<unknown> {
    let leased = true;
    try {
      leased = await withDeadline(shared.store.acquireProbe(shared.probeLeaseMs), shared.timeoutMs, this.runtime);
    } catch (error) {
      this.sharedUnavailable(error); // fail open: probe on local state
    }
    if (!leased && generation === this.generation) {
      // Another instance is probing: stay open a little and learn its verdict from the store.
      const nowMs = this.runtime.clock.monotonicMs();
      const waitMs = Math.min(shared.probeLeaseMs, shared.syncIntervalMs);
      this.transition({ kind: 'open', openedAtMs: nowMs, reopensAtMs: nowMs + waitMs, opens: state.opens }, 'shared');
      return this.reject(waitMs);
    }
    if (generation !== this.generation) return this.run(execution, next);
    return this.runCounted(execution, next, generation);
  }

  /** Runs a call admitted under `generation`; the gate's exit counts its outcome. */
  private runCounted(execution: Execution, next: Next, generation: number): Promise<unknown> {
    return throughGate(this, this.ticket(generation), execution, next);
  }

  private counts(error: unknown, execution: Execution): boolean {
    if (this.shouldCount !== undefined) return this.shouldCount(error);
    return !(execution.aborted && execution.reason === error);
  }

  private record(generation: number, failed: boolean, startedMs: number): void {
    if (generation !== this.generation) return;
    const nowMs = this.timesCalls ? this.runtime.clock.monotonicMs() : 0;
    const slow = nowMs - startedMs >= this.slowCallMs;
    const state = this.current;
    switch (state.kind) {
      case 'closed':
        if (this.trip.record(failed, slow, nowMs)) this.open(0, 'trip');
        return;
      case 'half-open':
        if (failed || slow) state.failures++;
        else state.successes++;
        if (state.successes >= this.successThreshold) {
          this.trip.reset();
          this.previousOpenMs = 0;
          this.transition({ kind: 'closed' }, 'recovered');
          if (this.shared !== undefined) this.share((store) => store.close());
        } else if (state.failures > this.probes - this.successThreshold) {
          this.open(state.opens, 'probe-failed');
        }
        return;
      case 'open':
      case 'isolated':
        return;
    }
  }

  /** A call that did not count frees its probe slot. */
  private ignore(generation: number): void {
    const state = this.current;
    if (generation === this.generation && state.kind === 'half-open') state.admitted--;
  }

  private open(previousOpens: number, cause: 'trip' | 'probe-failed'): void {
    const opens = previousOpens + 1;
    const openMs = this.openDuration(opens);
    const nowMs = this.runtime.clock.monotonicMs();
    this.transition({ kind: 'open', openedAtMs: nowMs, reopensAtMs: nowMs + openMs, opens }, cause);
    if (this.shared !== undefined) {
      const generation = this.generation;
      this.share(async (store) => {
        const shared = await store.open(openMs, opens);
        if (generation === this.generation) this.adopt(shared);
      });
    }
  }

  private transition(to: State, cause: Extract<ResilienceEvent, { type: 'breaker.state' }>['cause']): void {
    const from = this.current.kind;
    this.current = to;
    this.generation++;
    if (this.events.active) this.events.emit({ type: 'breaker.state', policy: this.name, from, to: to.kind, cause });
  }

  private reject(retryAfterMs: number): Promise<never> {
    if (this.events.active) this.events.emit({ type: 'breaker.rejected', policy: this.name, retryAfterMs });
    return Promise.reject(withoutStack(() => new BrokenCircuitError(retryAfterMs)));
  }

  // --- sharing -------------------------------------------------------------------------------

  private maybeSync(): void {
    const shared = this.shared as Required<SharedCircuitOptions>;
    const nowMs = this.runtime.clock.monotonicMs();
    if (nowMs - this.lastSyncMs < shared.syncIntervalMs || this.sharedPending > 0) return;
    this.lastSyncMs = nowMs;
    this.share(async (store) => {
      const generation = this.generation;
      const state = await store.read();
      if (generation === this.generation) this.adopt(state);
    });
  }

  /** Takes the shared state when it disagrees with the local one. */
  private adopt(shared: SharedCircuitState): void {
    const local = this.current;
    const nowMs = this.runtime.clock.monotonicMs();
    switch (shared.kind) {
      case 'closed':
        if (local.kind === 'open' || local.kind === 'isolated') {
          this.trip.reset();
          this.transition({ kind: 'closed' }, 'shared');
        }
        return;
      case 'open':
        if (local.kind === 'closed' || (local.kind === 'open' && Math.abs(local.reopensAtMs - (nowMs + shared.remainingMs)) > 1)) {
          this.transition({ kind: 'open', openedAtMs: nowMs, reopensAtMs: nowMs + shared.remainingMs, opens: shared.opens }, 'shared');
        }
        return;
      case 'isolated':
        if (local.kind !== 'isolated') this.transition({ kind: 'isolated' }, 'shared');
        return;
    }
  }

  /** Runs store operations one after another, each bounded by `timeoutMs`; failures are reported, never thrown. */
  private share(operation: (store: SharedCircuitStore) => Promise<unknown>): void {
    const shared = this.shared as Required<SharedCircuitOptions>;
    if (this.sharedPending >= maxSharedPending) {
      this.sharedUnavailable(new Error(`shared circuit store: ${maxSharedPending} operations already waiting; dropped one`));
      return;
    }
    this.sharedPending++;
    this.sharedQueue = this.sharedQueue.then(() =>
      withDeadline(operation(shared.store), shared.timeoutMs, this.runtime)
        .catch((error: unknown) => this.sharedUnavailable(error))
        .finally(() => this.sharedPending--),
    );
  }

  private sharedUnavailable(error: unknown): void {
    if (this.events.active) this.events.emit({ type: 'breaker.shared-unavailable', policy: this.name, error });
  }
}

/** The ticket of a call admitted by a breaker that times its calls. */
class TimedCall {
  constructor(
    readonly generation: number,
    readonly startedMs: number,
  ) {}
}

/**
 * Builds an error without capturing a stack trace. Rejection is the hot path of an open circuit,
 * the trace would only show the breaker's own frames, and capturing it is most of an error's cost.
 */
function withoutStack<E extends Error>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
