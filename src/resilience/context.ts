import type { Clock, Timers } from '../runtime/index.js';
import { abortReason } from '../runtime/timers.js';
import { type Deadline, Epoch } from './deadline-timer.js';

/**
 * What every layer of a pipeline, and finally the user's function, receives.
 *
 * @example
 * ```ts
 * await policy.execute(async ({ signal, attempt, remainingMs }) => {
 *   return fetch(url, { signal, headers: { 'x-attempt': String(attempt), 'x-budget-ms': String(remainingMs()) } });
 * });
 * ```
 */
export interface ExecutionContext {
  /**
   * Aborts when the caller aborts, a timeout passes, or another hedged attempt wins; its `reason`
   * says which. Created lazily: a call that never reads it costs no `AbortController`.
   */
  readonly signal: AbortSignal;
  /** The monotonic time (`runtime.clock.monotonicMs()`) by which the call must finish; `Infinity` when there is none. */
  readonly deadlineMs: number;
  /** 1 for the first try, 2 for the first retry, and so on. */
  readonly attempt: number;
  /** Milliseconds left before `deadlineMs` (≥ 0), `Infinity` without a deadline. Safe to destructure. */
  readonly remainingMs: () => number;
}

/**
 * The user's function. It may ignore the context.
 *
 * @example
 * ```ts
 * const operation: Operation<Response> = ({ signal }) => fetch(url, { signal });
 * ```
 */
export type Operation<T> = (context: ExecutionContext) => T | PromiseLike<T>;

/**
 * Options of one `execute` call.
 *
 * @example
 * ```ts
 * await policy.execute(fn, { signal: request.signal }); // the client hanging up cancels the call
 * ```
 */
export interface ExecuteOptions {
  /** Aborting it cancels the call: waits end at once and the function's signal aborts with the same reason. */
  readonly signal?: AbortSignal;
}

/** A signal that never aborts, shared by every call that has none (no allocation). */
const neverAborted: AbortSignal = new AbortController().signal;
const notAborted: unique symbol = Symbol('not aborted');

/**
 * One call's journey through a pipeline (internal). The root carries the caller's signal; a layer
 * that may cancel the work below it (a timeout, a hedged attempt) makes an abortable child. A
 * child's signal is linked to its parent's only when someone reads it, so the success path of a
 * pipeline allocates no AbortController and adds no listener.
 *
 * @example
 * ```ts
 * // Custom policies receive it in run(): abort what runs below, read the deadline.
 * run(execution, next) { return execution.aborted ? Promise.reject(execution.reason) : next(execution); }
 * ```
 */
export class Execution implements ExecutionContext {
  // Fields are assigned in the constructor (`declare` emits no class field): two of these are made
  // per call, and one shape with plain stores is the cheapest object V8 can build.
  declare readonly clock: Clock;
  declare readonly operation: Operation<unknown>;
  declare readonly parent: Execution | undefined;
  declare private readonly callerSignal: AbortSignal | undefined;
  declare attempt: number;
  declare private ownReason: unknown;
  declare private disposed: boolean;
  /** The own deadline (a timeout's), if any: its epoch until armed on the timer, then the armed deadline. */
  declare private deadline: Epoch<Execution> | Deadline<Execution> | undefined;
  /** The controller behind `signal` and how to unlink it from the parent's, once `signal` is read. */
  declare private link: SignalLink | undefined;
  declare private boundRemainingMs: (() => number) | undefined;
  /** Called once when this execution itself is aborted (not its parent): lets a layer race the abort without a signal. */
  declare onAbort: ((reason: unknown) => void) | undefined;

  constructor(clock: Clock, operation: Operation<unknown>, parent: Execution | undefined, callerSignal: AbortSignal | undefined, attempt: number) {
    this.clock = clock;
    this.operation = operation;
    this.parent = parent;
    this.callerSignal = callerSignal;
    this.attempt = attempt;
    this.ownReason = notAborted;
    this.disposed = false;
    this.deadline = undefined;
    this.link = undefined;
    this.boundRemainingMs = undefined;
    this.onAbort = undefined;
  }

  /** A root execution for one `execute` call. */
  static root(clock: Clock, operation: Operation<unknown>, signal: AbortSignal | undefined): Execution {
    return new Execution(clock, operation, undefined, signal, 1);
  }

  /** An abortable child that inherits the attempt number and the deadline ({@link Execution.setDeadline} adds a tighter one). */
  child(): Execution {
    return new Execution(this.clock, this.operation, this, undefined, this.attempt);
  }

  /**
   * @internal Gives this execution a deadline of its own, falling with `epoch`. It is armed on the timer
   * only once something could see it fire — the signal is read, or `aborted` / `reason` asked —
   * unless `eager` (an aggressive timeout, or someone listening to events): a call that finishes
   * unobserved costs the timer nothing.
   */
  setDeadline(epoch: Epoch<Execution>, eager: boolean): void {
    this.deadline = eager ? epoch.timer.arm(this, epoch) : epoch;
  }

  /** Arms the own deadline if it is not armed yet (it expires at once if it has passed). */
  private armDeadline(): void {
    const deadline = this.deadline;
    if (!(deadline instanceof Epoch) || this.disposed || this.ownReason !== notAborted) return;
    this.deadline = deadline.timer.arm(this, deadline);
  }

  /** Whether the own deadline, not armed yet, has passed: then it is armed, which aborts at once. */
  private expiredUnarmed(): boolean {
    const deadline = this.deadline;
    if (!(deadline instanceof Epoch) || this.disposed || !deadline.passed()) return false;
    this.armDeadline();
    return this.ownReason !== notAborted;
  }

  /**
   * The tighter of this execution's deadline and its parent's (monotonic ms; `Infinity` when
   * there is none). A deadline whose epoch is not stamped yet reports the earliest it can be.
   */
  get deadlineMs(): number {
    const deadline = this.deadline;
    const own = deadline === undefined ? Number.POSITIVE_INFINITY : deadline instanceof Epoch ? deadline.dueMs() : deadline.epoch.dueMs();
    const above = this.parent === undefined ? Number.POSITIVE_INFINITY : this.parent.deadlineMs;
    return own < above ? own : above;
  }

  /**
   * Bound on first access, so `({ remainingMs }) => remainingMs()` works; a call that never asks
   * pays nothing.
   */
  get remainingMs(): () => number {
    this.boundRemainingMs ??= () => {
      const deadlineMs = this.deadlineMs;
      return deadlineMs === Number.POSITIVE_INFINITY ? deadlineMs : Math.max(0, deadlineMs - this.clock.monotonicMs());
    };
    return this.boundRemainingMs;
  }

  /** Whether this execution, or anything above it, has been aborted. Never allocates. */
  get aborted(): boolean {
    if (this.ownReason !== notAborted || this.expiredUnarmed()) return true;
    if (this.parent !== undefined) return this.parent.aborted;
    return this.callerSignal?.aborted ?? false;
  }

  /** The reason of the nearest abort, when {@link Execution.aborted}. */
  get reason(): unknown {
    if (this.ownReason !== notAborted || this.expiredUnarmed()) return this.ownReason;
    if (this.parent !== undefined) return this.parent.reason;
    return this.callerSignal === undefined ? undefined : abortReason(this.callerSignal);
  }

  get signal(): AbortSignal {
    if (this.link !== undefined) return this.link.controller.signal;
    // The root is never aborted on its own: its signal is the caller's.
    if (this.parent === undefined) return this.callerSignal ?? neverAborted;
    this.armDeadline();
    const link = new SignalLink();
    this.link = link;
    if (this.ownReason !== notAborted) {
      link.controller.abort(this.ownReason);
      return link.controller.signal;
    }
    const above = this.parent.signal;
    if (above !== neverAborted) {
      if (above.aborted) {
        this.abort(abortReason(above));
      } else if (!this.disposed) {
        // Linked only while the execution runs: a late reader must not leave a listener behind.
        const onAbort = (): void => this.abort(abortReason(above));
        above.addEventListener('abort', onAbort, { once: true });
        link.unlink = () => above.removeEventListener('abort', onAbort);
      }
    }
    return link.controller.signal;
  }

  /** The signal, or `undefined` when nothing can ever abort it (so waiting code need not listen). */
  get abortableSignal(): AbortSignal | undefined {
    const signal = this.signal;
    return signal === neverAborted ? undefined : signal;
  }

  /** Aborts this execution and everything below it with `reason` (first reason wins). */
  abort(reason: unknown): void {
    if (this.ownReason !== notAborted) return;
    this.ownReason = reason;
    this.link?.unlinkParent();
    this.link?.controller.abort(reason);
    this.onAbort?.(reason);
  }

  /** Removes the listener on the parent's signal, if one was added, and disarms the own deadline. Call when the execution ends. */
  dispose(): void {
    this.disposed = true;
    this.link?.unlinkParent();
    const deadline = this.deadline;
    if (deadline !== undefined && !(deadline instanceof Epoch)) deadline.epoch.timer.remove(deadline);
  }
}

/** An execution's own abort controller, and the listener that links it to its parent's signal. */
class SignalLink {
  readonly controller = new AbortController();
  unlink: (() => void) | undefined = undefined;

  unlinkParent(): void {
    if (this.unlink === undefined) return;
    this.unlink();
    this.unlink = undefined;
  }
}

/** Sleeps on the runtime, waking early (rejecting with the reason) when the execution aborts. */
export function sleepFor(execution: Execution, timers: Timers, delayMs: number): Promise<void> {
  if (execution.aborted) return Promise.reject(execution.reason);
  return timers.sleep(delayMs, execution.abortableSignal);
}
