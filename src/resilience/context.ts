import type { Clock, Timers } from '../runtime/index.js';
import { abortReason } from '../runtime/timers.js';
import type { Deadline } from './deadline-timer.js';

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
  attempt = 1;
  private controller: AbortController | undefined;
  private ownReason: unknown = notAborted;
  private unlink: (() => void) | undefined;
  private disposed = false;
  private boundRemainingMs: (() => number) | undefined;
  /** This execution's own deadline (a timeout's), if it has one; the parent's still applies. */
  deadline: Deadline<Execution> | undefined = undefined;
  /** Called once when this execution itself is aborted (not its parent): lets a layer race the abort without a signal. */
  onAbort: ((reason: unknown) => void) | undefined = undefined;

  constructor(
    readonly clock: Clock,
    readonly operation: Operation<unknown>,
    readonly parent: Execution | undefined,
    private readonly callerSignal: AbortSignal | undefined,
    private readonly abortable: boolean,
  ) {}

  /** A root execution for one `execute` call. */
  static root(clock: Clock, operation: Operation<unknown>, signal: AbortSignal | undefined): Execution {
    return new Execution(clock, operation, undefined, signal, false);
  }

  /** An abortable child that inherits the attempt number and the deadline (set `deadline` to add a tighter one). */
  child(): Execution {
    const child = new Execution(this.clock, this.operation, this, undefined, true);
    child.attempt = this.attempt;
    return child;
  }

  /**
   * The tighter of this execution's deadline and its parent's (monotonic ms; `Infinity` when
   * there is none). A deadline its timer has not stamped yet reports the earliest it can be.
   */
  get deadlineMs(): number {
    const own = this.deadline === undefined ? Number.POSITIVE_INFINITY : this.deadline.dueMsEstimate;
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
    if (this.ownReason !== notAborted) return true;
    if (this.parent !== undefined) return this.parent.aborted;
    return this.callerSignal?.aborted ?? false;
  }

  /** The reason of the nearest abort, when {@link Execution.aborted}. */
  get reason(): unknown {
    if (this.ownReason !== notAborted) return this.ownReason;
    if (this.parent !== undefined) return this.parent.reason;
    return this.callerSignal === undefined ? undefined : abortReason(this.callerSignal);
  }

  get signal(): AbortSignal {
    if (this.controller !== undefined) return this.controller.signal;
    if (!this.abortable) return this.parent !== undefined ? this.parent.signal : (this.callerSignal ?? neverAborted);
    const controller = new AbortController();
    this.controller = controller;
    if (this.ownReason !== notAborted) {
      controller.abort(this.ownReason);
      return controller.signal;
    }
    const above = this.parent !== undefined ? this.parent.signal : this.callerSignal;
    if (above !== undefined && above !== neverAborted) {
      if (above.aborted) {
        this.abort(abortReason(above));
      } else if (!this.disposed) {
        // Linked only while the execution runs: a late reader must not leave a listener behind.
        const onAbort = (): void => this.abort(abortReason(above));
        above.addEventListener('abort', onAbort, { once: true });
        this.unlink = () => above.removeEventListener('abort', onAbort);
      }
    }
    return controller.signal;
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
    this.unlinkParent();
    this.controller?.abort(reason);
    this.onAbort?.(reason);
  }

  /** Removes the listener on the parent's signal, if one was added. Call when the execution ends. */
  dispose(): void {
    this.disposed = true;
    this.unlinkParent();
  }

  private unlinkParent(): void {
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
