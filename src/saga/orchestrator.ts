import { setMaxListeners } from 'node:events';
import { checkOptionsObject, optionalArray, requiredObjectWith, runtimeOption, wrongType } from '../options.js';
import { invalidOption } from '../errors.js';
import { exponentialBackoff, retry, type Retry, type RetryOptions } from '../resilience/index.js';
import type { Runtime, RuntimeOptions } from '../runtime/index.js';
import { compileSaga, type CompiledSaga, type SagaDefinition, type SagaInputOf, type SagaNameOf, type SagaStep } from './definition.js';
import { storableJson } from '../text/storable-json.js';
import { SagaConflictError, SagaDeadlineError, SagaNotFoundError, SagaOrchestratorClosedError, SagaStateError, SagaUnstorableError } from './errors.js';
import type { SagaStore } from './saga-store.js';
import { IN_FLIGHT_STATUSES, type SagaCounts, type SagaDeadLetter, type SagaFailure, type SagaQuery, type SagaRecord, type SagaState, type SagaTimer, type SagaTransition } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySagaDefinition = SagaDefinition<any, string>;

/**
 * Options of {@link SagaOrchestrator}.
 *
 * @example
 * ```ts
 * new SagaOrchestrator({ store, definitions: [orderSaga], timerPollIntervalMs: 500, compensationRetry: { maxAttempts: 10 } });
 * ```
 */
export interface SagaOrchestratorOptions<Definitions extends ReadonlyArray<AnySagaDefinition> = ReadonlyArray<AnySagaDefinition>> extends RuntimeOptions {
  readonly store: SagaStore;
  /** The sagas it runs. Defined with `defineSaga<Input>()({...})`, they type `start` and `run` by name. */
  readonly definitions: Definitions;
  /** How often the durable-timer poller looks for due deadlines, in ms. Default 1,000. */
  readonly timerPollIntervalMs?: number;
  /** Retries of a compensation before the saga is parked. Default 5 tries, exponential backoff from 100 ms. */
  readonly compensationRetry?: Omit<RetryOptions, 'runtime'>;
  /** Most sagas driven at once by `resume()` (1..100,000). Default 1,000. */
  readonly resumeConcurrency?: number;
  /** Called after every persisted transition (progress monitoring, metrics, logs). Must not throw. */
  readonly onTransition?: (record: SagaRecord) => void;
  /** Called when driving a saga fails for a reason other than its steps (e.g. the store is down). Default: ignored; the saga resumes at the next `resume()`. */
  readonly onError?: (sagaId: string, error: unknown) => void;
  /**
   * How long `close()` lets running steps and compensations finish before it aborts them
   * ({@link SagaOrchestratorClosedError}) and returns; their sagas pause and `resume()` runs them
   * again. 0..2^31-1 ms. Default 10,000.
   */
  readonly closeTimeoutMs?: number;
}

/**
 * Options of {@link SagaOrchestrator.start}.
 *
 * @example
 * ```ts
 * await orchestrator.start('order', { id: 'order-42', input: { total: 30 } });
 * ```
 */
export interface StartSagaOptions<Input> {
  /** The saga id (unique); also the root of every idempotency key. */
  readonly id: string;
  readonly input: Input;
}

interface Driven {
  readonly controller: AbortController;
  failure: SagaFailure | undefined;
  readonly done: Promise<SagaRecord>;
}

const ID = /^[A-Za-z0-9_.:@-]{1,200}$/;

/** Throws {@link SagaUnstorableError} unless `value` can be stored as JSON by every saga store. */
function checkStorable(sagaId: string, what: string, value: unknown): void {
  try {
    storableJson(value);
  } catch (error) {
    throw new SagaUnstorableError(sagaId, what, (error as Error).message, { cause: error });
  }
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/**
 * Runs sagas: persists every transition before acting on it, runs each stage's steps (with
 * per-step retries), and on a failure, an expired durable deadline or a cancel, runs the
 * compensations of every started step in reverse order. A compensation that keeps failing parks
 * the saga as `compensation-failed` with a dead letter until {@link retry} or {@link abandon}.
 * After a restart, {@link resume} drives every in-flight saga on from its last persisted
 * transition (a step in flight at the crash runs again with the same idempotency key).
 *
 * @example
 * ```ts
 * const orchestrator = new SagaOrchestrator({ store, definitions: [orderSaga] });
 * await orchestrator.resume();          // sagas left in flight by a previous process
 * const done = await orchestrator.run('order', { id: 'order-42', input: order });
 * done.state.status; // 'completed' or 'compensated'
 * await orchestrator.close();
 * ```
 */
export class SagaOrchestrator<Definitions extends ReadonlyArray<AnySagaDefinition> = ReadonlyArray<AnySagaDefinition>> {
  readonly store: SagaStore;
  private readonly runtime: Runtime;
  private readonly sagas = new Map<string, CompiledSaga<unknown>>();
  private readonly driven = new Map<string, Driven>();
  private readonly actionRetries = new Map<string, Retry>();
  private readonly compensationRetries = new Map<string, Retry>();
  private readonly timerPollIntervalMs: number;
  private readonly resumeConcurrency: number;
  private readonly defaultCompensationRetry: Omit<RetryOptions, 'runtime'>;
  private readonly onError: (sagaId: string, error: unknown) => void;
  private readonly onTransition: ((record: SagaRecord) => void) | undefined;
  private readonly pollerController = new AbortController();
  private poller: Promise<void> | undefined;
  private closing = false;
  /** Aborted when `close()` stops waiting: every running step and compensation is abandoned (the saga pauses). */
  private readonly shutdown = new AbortController();
  private readonly closeTimeoutMs: number;

  constructor(options: SagaOrchestratorOptions<Definitions>) {
    checkOptionsObject('SagaOrchestrator', options ?? null);
    this.store = requiredObjectWith('store', options.store, ['commit', 'load', 'dueTimers'], 'a SagaStore (MemorySagaStore, SqliteSagaStore, PostgresSagaStore)');
    this.runtime = runtimeOption(options.runtime);
    optionalArray('definitions', options.definitions, 'a list of saga definitions (defineSaga(...))', (definition) => typeof definition === 'object' && definition !== null);
    if (options.definitions === undefined) throw wrongType('definitions', options.definitions, 'a list of saga definitions (defineSaga(...))');
    this.timerPollIntervalMs = options.timerPollIntervalMs ?? 1_000;
    if (!(this.timerPollIntervalMs > 0 && Number.isFinite(this.timerPollIntervalMs))) throw invalidOption('timerPollIntervalMs', options.timerPollIntervalMs, 'a finite number > 0');
    this.resumeConcurrency = options.resumeConcurrency ?? 1_000;
    if (!Number.isSafeInteger(this.resumeConcurrency) || this.resumeConcurrency < 1 || this.resumeConcurrency > 100_000) throw invalidOption('resumeConcurrency', options.resumeConcurrency, 'an integer in 1..100000');
    this.defaultCompensationRetry = options.compensationRetry ?? { maxAttempts: 5, backoff: exponentialBackoff({ initialMs: 100, maxMs: 5_000 }) };
    this.closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
    if (typeof this.closeTimeoutMs !== 'number' || !Number.isSafeInteger(this.closeTimeoutMs) || this.closeTimeoutMs < 0 || this.closeTimeoutMs > 2 ** 31 - 1) throw invalidOption('closeTimeoutMs', options.closeTimeoutMs, 'an integer in 0..2147483647 (ms)');
    if (options.onError !== undefined && typeof options.onError !== 'function') throw new TypeError(`Invalid option onError: expected a function, received ${typeof options.onError}`);
    if (options.onTransition !== undefined && typeof options.onTransition !== 'function') throw new TypeError(`Invalid option onTransition: expected a function, received ${typeof options.onTransition}`);
    // Every saga driven here listens on the shutdown signal until it settles (and then removes its
    // listener): more than ten sagas at once is normal, not a leak, so Node must not warn about it.
    setMaxListeners(0, this.shutdown.signal);
    this.onError = options.onError ?? (() => undefined);
    this.onTransition = options.onTransition;
    for (const definition of options.definitions) {
      const compiled = compileSaga(definition as SagaDefinition<unknown>);
      if (this.sagas.has(compiled.name)) throw invalidOption('definitions', compiled.name, 'one definition per saga name');
      this.sagas.set(compiled.name, compiled);
      for (const step of compiled.steps.values()) {
        const key = `${compiled.name}/${step.name}`;
        this.actionRetries.set(key, retry({ maxAttempts: 1, ...step.retry, runtime: this.runtime }));
        this.compensationRetries.set(key, retry({ ...this.defaultCompensationRetry, ...step.compensationRetry, runtime: this.runtime }));
      }
    }
  }

  /**
   * Starts the durable-timer poller and drives every saga left `running` or `compensating` in the
   * store (by a crashed or stopped process). Returns how many it picked up; they run in the
   * background (see {@link wait}).
   */
  async resume(): Promise<number> {
    this.startTimers();
    let afterId: string | undefined;
    let count = 0;
    for (;;) {
      const page = await this.store.list({ statuses: IN_FLIGHT_STATUSES, limit: 500, ...(afterId === undefined ? {} : { afterId }) });
      for (const record of page) {
        while (this.driven.size >= this.resumeConcurrency) await Promise.race([...this.driven.values()].map((driven) => driven.done.catch(() => undefined)));
        if (this.closing) return count;
        if (!this.driven.has(record.id)) {
          this.drive(record);
          count++;
        }
      }
      if (page.length < 500) return count;
      afterId = page.at(-1)?.id;
    }
  }

  /** Starts the durable-timer poller (`resume()` does it too). Idempotent. */
  startTimers(): void {
    if (this.poller !== undefined || this.closing) return;
    this.poller = this.pollTimers();
  }

  /**
   * Creates the saga (persisted before its first step runs) and drives it in the background.
   * Throws {@link SagaConflictError} when a saga with this id already exists.
   */
  async start<Name extends SagaNameOf<Definitions>>(name: Name, options: StartSagaOptions<SagaInputOf<Definitions, Name>>): Promise<SagaRecord> {
    if (this.closing) throw new SagaStateError('the orchestrator is closed');
    const saga = this.saga(name);
    if (typeof options.id !== 'string' || !ID.test(options.id)) throw invalidOption('id', options.id, 'letters, digits and _ . : @ - (1..200 characters)');
    checkStorable(options.id, 'input', options.input === undefined ? null : options.input);
    const nowMs = this.runtime.clock.nowMs();
    const first = saga.stages[0] as ReadonlyArray<SagaStep<unknown>>;
    const record: SagaRecord = {
      id: options.id,
      name,
      input: options.input === undefined ? null : options.input,
      state: { status: 'running', stage: 0, started: first.map((step) => step.name), completed: [] },
      outputs: {},
      version: 1,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
      deadlineAtMs: saga.timeoutMs === undefined ? undefined : nowMs + saga.timeoutMs,
    };
    const timers: SagaTimer[] = this.stepTimers(record.id, first, nowMs);
    if (record.deadlineAtMs !== undefined) timers.push({ sagaId: record.id, name: 'saga', dueAtMs: record.deadlineAtMs });
    await this.commit({ record, expectedVersion: 0, setTimers: timers });
    if (timers.length > 0) this.startTimers(); // deadlines fire even if resume() was never called
    this.drive(record);
    return record;
  }

  /** Starts a saga and waits for it to finish (completed, compensated or compensation-failed). */
  async run<Name extends SagaNameOf<Definitions>>(name: Name, options: StartSagaOptions<SagaInputOf<Definitions, Name>>): Promise<SagaRecord> {
    await this.start(name, options);
    return this.wait(options.id);
  }

  /**
   * Waits for a saga driven by this orchestrator to stop (finished, parked, or paused by
   * `close()`); for any other saga, returns its stored record.
   */
  async wait(id: string): Promise<SagaRecord> {
    const driven = this.driven.get(id);
    if (driven !== undefined) return driven.done;
    return this.inspect(id);
  }

  /** The stored record of a saga. */
  async inspect(id: string): Promise<SagaRecord> {
    const record = await this.store.load(id);
    if (record === undefined) throw new SagaNotFoundError(`no saga with id ${JSON.stringify(id)}`);
    return record;
  }

  /** Sagas matching the query. */
  list(query: SagaQuery = {}): Promise<SagaRecord[]> {
    return this.store.list(query);
  }

  /** In-flight sagas with no transition for `olderThanMs` (wall clock). */
  stuck(options: { olderThanMs: number; limit?: number }): Promise<SagaRecord[]> {
    if (!(options.olderThanMs >= 0)) throw invalidOption('olderThanMs', options.olderThanMs, 'a number >= 0');
    return this.store.list({ statuses: IN_FLIGHT_STATUSES, updatedBeforeMs: this.runtime.clock.nowMs() - options.olderThanMs, ...(options.limit === undefined ? {} : { limit: options.limit }) });
  }

  /** Counts by status and the dead letters waiting. */
  counts(): Promise<SagaCounts> {
    return this.store.counts();
  }

  /** Sagas parked because a compensation kept failing. */
  deadLetters(limit?: number): Promise<SagaDeadLetter[]> {
    return this.store.deadLetters(limit);
  }

  /** Rolls back a running saga (reason `cancelled`). */
  async cancel(id: string, note = 'cancelled'): Promise<void> {
    await this.fail(id, { kind: 'cancelled', note });
  }

  /** Tries the compensations of a `compensation-failed` saga again (its dead letter is released). */
  async retry(id: string): Promise<SagaRecord> {
    const record = await this.inspect(id);
    const state = record.state;
    if (state.status !== 'compensation-failed') throw new SagaStateError(`saga ${JSON.stringify(id)} is ${state.status}: only a compensation-failed saga can be retried`);
    const next = this.next(record, { status: 'compensating', reason: state.reason, pending: state.pending, compensated: state.compensated });
    await this.commit({ record: next, expectedVersion: record.version, deadLetter: null });
    this.drive(next);
    return this.wait(id);
  }

  /** Gives up on a `compensation-failed` saga: it becomes `abandoned` (someone fixed things by hand) and its dead letter is released. */
  async abandon(id: string, note: string): Promise<SagaRecord> {
    const record = await this.inspect(id);
    const state = record.state;
    if (state.status !== 'compensation-failed') throw new SagaStateError(`saga ${JSON.stringify(id)} is ${state.status}: only a compensation-failed saga can be abandoned`);
    const next = this.next(record, { status: 'abandoned', reason: state.reason, note, pending: state.pending });
    await this.commit({ record: next, expectedVersion: record.version, deadLetter: null, clearTimers: ['*'] });
    return next;
  }

  /**
   * Stops the timer poller and lets every saga driven here finish its current step (persisting
   * the result) and pause; `resume()` in a later process carries on. A step or compensation still
   * running after `closeTimeoutMs` is aborted ({@link SagaOrchestratorClosedError} on its signal)
   * and no longer waited for: its saga pauses at its last transition. Does not close the store.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.pollerController.abort();
    await this.poller?.catch(() => undefined);
    const settled = (): Promise<unknown> => Promise.all([...this.driven.values()].map((driven) => driven.done.catch(() => undefined)));
    const grace = new AbortController();
    const gaveUp = await Promise.race([settled().then(() => false), this.runtime.sleep(this.closeTimeoutMs, grace.signal).then(() => true, () => false)]);
    grace.abort();
    if (!gaveUp) return;
    this.shutdown.abort(new SagaOrchestratorClosedError());
    await settled();
  }

  // --- driving ---------------------------------------------------------------------------------

  private async commit(transition: SagaTransition): Promise<void> {
    await this.store.commit(transition);
    this.onTransition?.(transition.record);
  }

  private saga(name: string): CompiledSaga<unknown> {
    const saga = this.sagas.get(name);
    if (saga === undefined) throw new SagaNotFoundError(`no saga definition named ${JSON.stringify(name)} (known: ${[...this.sagas.keys()].join(', ')})`);
    return saga;
  }

  private stepTimers(sagaId: string, steps: ReadonlyArray<SagaStep<unknown>>, nowMs: number): SagaTimer[] {
    const timers: SagaTimer[] = [];
    for (const step of steps) if (step.timeoutMs !== undefined) timers.push({ sagaId, name: `step:${step.name}`, dueAtMs: nowMs + step.timeoutMs });
    return timers;
  }

  private next(record: SagaRecord, state: SagaState, outputs = record.outputs): SagaRecord {
    return { ...record, state, outputs, version: record.version + 1, updatedAtMs: this.runtime.clock.nowMs() };
  }

  private drive(record: SagaRecord): void {
    if (this.driven.has(record.id)) return;
    const controller = new AbortController();
    const onShutdown = (): void => controller.abort(this.shutdown.signal.reason);
    this.shutdown.signal.addEventListener('abort', onShutdown, { once: true });
    const entry: { controller: AbortController; failure: SagaFailure | undefined; done?: Promise<SagaRecord> } = { controller, failure: undefined };
    const done = this.loop(record, entry as Driven).finally(() => {
      this.shutdown.signal.removeEventListener('abort', onShutdown);
      this.driven.delete(record.id);
    });
    done.catch((error: unknown) => this.onError(record.id, error));
    entry.done = done;
    this.driven.set(record.id, entry as Driven);
  }

  private async loop(initial: SagaRecord, driven: Driven): Promise<SagaRecord> {
    let record = initial;
    const saga = this.saga(record.name);
    for (;;) {
      if (this.closing) return record;
      const state = record.state;
      switch (state.status) {
        case 'running':
          record = await this.runStage(saga, record, state, driven);
          break;
        case 'compensating':
          record = await this.compensateNext(saga, record, state);
          break;
        case 'completed':
        case 'compensated':
        case 'compensation-failed':
        case 'abandoned':
          return record;
      }
    }
  }

  /** Runs the unfinished steps of the current stage; returns the record after the stage (or the rollback). */
  private async runStage(saga: CompiledSaga<unknown>, start: SagaRecord, state: SagaState & { status: 'running' }, driven: Driven): Promise<SagaRecord> {
    let record = start;
    if (driven.failure !== undefined || driven.controller.signal.aborted) return this.rollback(record, driven.failure ?? { kind: 'cancelled', note: 'aborted' });
    const stage = saga.stages[state.stage] as ReadonlyArray<SagaStep<unknown>>;
    const todo = stage.filter((step) => !state.completed.includes(step.name));
    let chain: Promise<unknown> = Promise.resolve();
    // Completions are committed one at a time, in the order they arrive.
    const complete = (step: SagaStep<unknown>, output: unknown): Promise<unknown> =>
      (chain = chain.then(async () => {
        const current = record.state;
        if (current.status !== 'running' || current.stage !== state.stage) return; // rolled back meanwhile: the compensation covers it
        const completed = [...current.completed, step.name];
        const outputs = { ...record.outputs, [step.name]: output === undefined ? null : output };
        const clearTimers = step.timeoutMs === undefined ? [] : [`step:${step.name}`];
        let transition: SagaTransition;
        if (!stage.every((s) => completed.includes(s.name))) {
          transition = { record: this.next(record, { ...current, completed }, outputs), expectedVersion: record.version, clearTimers };
        } else if (state.stage + 1 < saga.stages.length) {
          const nextStage = saga.stages[state.stage + 1] as ReadonlyArray<SagaStep<unknown>>;
          const nowMs = this.runtime.clock.nowMs();
          transition = {
            record: this.next(record, { status: 'running', stage: state.stage + 1, started: [...current.started, ...nextStage.map((s) => s.name)], completed }, outputs),
            expectedVersion: record.version,
            clearTimers,
            setTimers: this.stepTimers(record.id, nextStage, nowMs),
          };
        } else {
          transition = { record: this.next(record, { status: 'completed' }, outputs), expectedVersion: record.version, clearTimers: ['*'] };
        }
        await this.commit(transition);
        record = transition.record;
      }));
    // The stage's signal aborts on a deadline or cancel (the saga's signal) and when a sibling fails.
    const sagaSignal = driven.controller.signal;
    const stageController = new AbortController();
    const onSagaAbort = (): void => stageController.abort(sagaSignal.reason);
    sagaSignal.addEventListener('abort', onSagaAbort, { once: true });
    const signal = stageController.signal;
    let firstFailure: { step: string; error: unknown } | undefined;
    try {
      await Promise.allSettled(
        todo.map(async (step) => {
          const policy = this.actionRetries.get(`${saga.name}/${step.name}`) as Retry;
          try {
            const output = await abortable(
              policy.execute(
                ({ attempt, signal: attemptSignal }) =>
                  step.action({ sagaId: record.id, step: step.name, idempotencyKey: `${record.id}:${step.name}`, input: record.input, outputs: record.outputs, signal: attemptSignal, attempt }),
                { signal },
              ),
              signal,
            );
            // What cannot be stored fails the step here, before its transition: the saga compensates
            // instead of staying 'running' with a store that refuses it on every resume.
            checkStorable(record.id, `output of step ${JSON.stringify(step.name)}`, output === undefined ? null : output);
            await complete(step, output);
          } catch (error) {
            if (!signal.aborted) {
              firstFailure = { step: step.name, error };
              stageController.abort(error);
            }
            throw error;
          }
        }),
      );
      await chain;
    } finally {
      sagaSignal.removeEventListener('abort', onSagaAbort);
    }
    if (firstFailure === undefined && !signal.aborted) {
      if (todo.length === 0 && record.state.status === 'running' && record.state.stage === state.stage) {
        // Every step of the stage had completed before a crash: commit the advance now.
        await this.advanceEmptyStage(saga, record);
        return (await this.store.load(record.id)) as SagaRecord;
      }
      return record;
    }
    if (record.state.status !== 'running') return record;
    if (firstFailure === undefined && this.shutdown.signal.aborted) return record; // closed: pause, resume() runs the step again
    if (firstFailure?.error instanceof SagaConflictError) throw firstFailure.error;
    const failure: SagaFailure =
      driven.failure ?? (firstFailure !== undefined ? { kind: 'step-failed', step: firstFailure.step, error: errorText(firstFailure.error) } : { kind: 'cancelled', note: errorText(signal.reason) });
    return this.rollback(record, failure);
  }

  private async advanceEmptyStage(saga: CompiledSaga<unknown>, record: SagaRecord): Promise<void> {
    const state = record.state;
    if (state.status !== 'running') return;
    const nowMs = this.runtime.clock.nowMs();
    if (state.stage + 1 < saga.stages.length) {
      const nextStage = saga.stages[state.stage + 1] as ReadonlyArray<SagaStep<unknown>>;
      await this.commit({
        record: this.next(record, { status: 'running', stage: state.stage + 1, started: [...state.started, ...nextStage.map((s) => s.name)], completed: state.completed }),
        expectedVersion: record.version,
        setTimers: this.stepTimers(record.id, nextStage, nowMs),
      });
    } else {
      await this.commit({ record: this.next(record, { status: 'completed' }), expectedVersion: record.version, clearTimers: ['*'] });
    }
  }

  /** Persists the switch to compensating: every started step with a compensation, newest first. */
  private async rollback(record: SagaRecord, reason: SagaFailure): Promise<SagaRecord> {
    const state = record.state;
    if (state.status !== 'running') return record;
    const saga = this.saga(record.name);
    const pending = [...state.started].reverse().filter((name) => saga.steps.get(name)?.compensate !== undefined);
    const next = this.next(record, pending.length === 0 ? { status: 'compensated', reason, compensated: [] } : { status: 'compensating', reason, pending, compensated: [] });
    await this.commit({ record: next, expectedVersion: record.version, clearTimers: ['*'] });
    return next;
  }

  private async compensateNext(saga: CompiledSaga<unknown>, record: SagaRecord, state: SagaState & { status: 'compensating' }): Promise<SagaRecord> {
    const name = state.pending[0];
    if (name === undefined) {
      const next = this.next(record, { status: 'compensated', reason: state.reason, compensated: state.compensated });
      await this.commit({ record: next, expectedVersion: record.version });
      return next;
    }
    const step = saga.steps.get(name) as SagaStep<unknown>;
    const policy = this.compensationRetries.get(`${saga.name}/${name}`) as Retry;
    let attempts = 0;
    try {
      await abortable(policy.execute(({ attempt, signal }) => {
        attempts = attempt;
        const actionKey = `${record.id}:${name}`;
        return (step.compensate as NonNullable<typeof step.compensate>)({
          sagaId: record.id,
          step: name,
          idempotencyKey: `${actionKey}:compensate`,
          actionKey,
          input: record.input,
          outputs: record.outputs,
          output: record.outputs[name],
          signal,
          attempt,
        });
      }, { signal: this.shutdown.signal }), this.shutdown.signal);
    } catch (error) {
      if (this.shutdown.signal.aborted) return record; // closed: pause, resume() compensates again
      const nowMs = this.runtime.clock.nowMs();
      const text = errorText(error);
      const next = this.next(record, { status: 'compensation-failed', reason: state.reason, step: name, error: text, pending: state.pending, compensated: state.compensated });
      await this.commit({ record: next, expectedVersion: record.version, deadLetter: { sagaId: record.id, step: name, error: text, attempts, parkedAtMs: nowMs } });
      return next;
    }
    const pending = state.pending.slice(1);
    const compensated = [...state.compensated, name];
    const next = this.next(record, pending.length === 0 ? { status: 'compensated', reason: state.reason, compensated } : { status: 'compensating', reason: state.reason, pending, compensated });
    await this.commit({ record: next, expectedVersion: record.version });
    return next;
  }

  /** Rolls a running saga back: aborts it here if driven here, else persists the rollback and drives it. */
  private async fail(id: string, failure: SagaFailure): Promise<void> {
    const driven = this.driven.get(id);
    if (driven !== undefined) {
      if (driven.failure === undefined) driven.failure = failure;
      driven.controller.abort(failure.kind === 'cancelled' ? new SagaStateError(`saga cancelled: ${failure.note}`) : new SagaDeadlineError(failure.kind === 'step-deadline' ? `step:${failure.step}` : 'saga'));
      return;
    }
    const record = await this.inspect(id);
    if (record.state.status !== 'running') {
      if (failure.kind === 'cancelled') throw new SagaStateError(`saga ${JSON.stringify(id)} is ${record.state.status}: only a running saga can be cancelled`);
      return;
    }
    const next = await this.rollback(record, failure);
    if (!this.closing) this.drive(next);
  }

  private async pollTimers(): Promise<void> {
    const signal = this.pollerController.signal;
    while (!signal.aborted) {
      try {
        await this.fireDueTimers();
      } catch (error) {
        this.onError('(timers)', error);
      }
      try {
        await this.runtime.sleep(this.timerPollIntervalMs, signal);
      } catch {
        return;
      }
    }
  }

  /** Fires every timer due now (the poller calls it; tests may too). Returns how many rolled a saga back. */
  async fireDueTimers(): Promise<number> {
    let fired = 0;
    const due = await this.store.dueTimers(this.runtime.clock.nowMs(), 500);
    for (const timer of due) {
      const record = await this.store.load(timer.sagaId);
      const state = record?.state;
      if (state?.status !== 'running') continue;
      if (timer.name === 'saga') {
        await this.fail(timer.sagaId, { kind: 'saga-deadline' }).catch((error: unknown) => this.onError(timer.sagaId, error));
        fired++;
      } else if (timer.name.startsWith('step:')) {
        const step = timer.name.slice(5);
        if (!state.started.includes(step) || state.completed.includes(step)) continue;
        await this.fail(timer.sagaId, { kind: 'step-deadline', step }).catch((error: unknown) => this.onError(timer.sagaId, error));
        fired++;
      }
    }
    return fired;
  }
}
