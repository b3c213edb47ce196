import { invalidOption } from '../errors.js';
import type { Execution } from './context.js';
import { DeadlineTimer } from './deadline-timer.js';
import { TimeoutError } from './errors.js';
import { type Gate, throughGate } from './gate.js';
import { BasePolicy, type Next, type PolicyOptions } from './policy.js';

/**
 * How a timeout ends a call that overruns:
 * - `cooperative`: abort the call's signal with a {@link TimeoutError} and wait for the function to
 *   stop (it should reject with the signal's reason). Nothing runs on behind your back.
 * - `aggressive`: abort the signal *and* reject at once, letting the function run on. Use it for
 *   functions that ignore their signal, when the caller must not wait.
 *
 * @example
 * ```ts
 * timeout({ timeoutMs: 500, strategy: 'aggressive' }); // for code that ignores its signal
 * ```
 */
export type TimeoutStrategy = 'cooperative' | 'aggressive';

/**
 * Options of {@link timeout}.
 *
 * @example
 * ```ts
 * timeout({ timeoutMs: 250, name: 'db-query' });
 * ```
 */
export interface TimeoutOptions extends PolicyOptions {
  /** How long a call may take, in milliseconds (> 0). */
  readonly timeoutMs: number;
  /** Default `'cooperative'`. */
  readonly strategy?: TimeoutStrategy;
  /**
   * How late, at most, the timeout may fire when calls arrive fast (ms, > 0). Below about 8 calls
   * per `precisionMs` every deadline is exact; above it, deadlines are stamped in batches so a call
   * costs no clock read (see docs/resilience.md, "Timeout"). Never early. Default
   * `timeoutMs / 100`, between 1 and 10.
   */
  readonly precisionMs?: number;
}

/**
 * A deadline on each call. The deadline propagates: layers inside see it in
 * `context.deadlineMs` / `remainingMs()` (a retry stops when the next backoff would overrun it,
 * an inner timeout never extends it), and the function's `signal` aborts with a
 * {@link TimeoutError} when it passes. Concurrent calls share one runtime timer, and a call's
 * deadline is armed on it only once something could see it fire (the function reads `signal`, a
 * layer asks whether the call was aborted, or someone listens to events).
 *
 * @example
 * ```ts
 * const policy = timeout({ timeoutMs: 200 });
 * await policy.execute(({ signal }) => fetch(url, { signal })); // TimeoutError after 200 ms
 * ```
 */
export function timeout(options: TimeoutOptions): Timeout {
  return new Timeout(options);
}

/**
 * The policy that {@link timeout} returns.
 *
 * @example
 * ```ts
 * const policy: Timeout = timeout({ timeoutMs: 250 });
 * policy.timeoutMs; // 250
 * ```
 */
export class Timeout extends BasePolicy implements Gate {
  readonly timeoutMs: number;
  readonly strategy: TimeoutStrategy;
  readonly precisionMs: number;
  private readonly timer: DeadlineTimer<Execution>;
  override readonly gate: Gate | undefined;
  /** @internal */
  readonly forks = true;

  constructor(options: TimeoutOptions) {
    super('timeout', options);
    if (typeof options.timeoutMs !== 'number' || !(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) {
      throw invalidOption('timeoutMs', options.timeoutMs, 'a finite number > 0');
    }
    const strategy = options.strategy ?? 'cooperative';
    if (strategy !== 'cooperative' && strategy !== 'aggressive') throw invalidOption('strategy', strategy, '"cooperative" or "aggressive"');
    const precisionMs = options.precisionMs ?? Math.min(10, Math.max(1, options.timeoutMs / 100));
    if (typeof precisionMs !== 'number' || !(precisionMs > 0) || !Number.isFinite(precisionMs)) throw invalidOption('precisionMs', options.precisionMs, 'a finite number > 0');
    this.timeoutMs = options.timeoutMs;
    this.strategy = strategy;
    this.precisionMs = precisionMs;
    this.timer = new DeadlineTimer(this.runtime, this.timeoutMs, precisionMs, (child) => this.expire(child));
    // The aggressive race needs a promise of its own, so only the cooperative timeout has a fast path.
    this.gate = strategy === 'cooperative' ? this : undefined;
  }

  run(execution: Execution, next: Next): Promise<unknown> {
    if (execution.aborted) return Promise.reject(execution.reason);
    const child = this.fork(execution);
    return this.strategy === 'cooperative' ? throughGate(this, child, execution, next) : this.aggressive(child, next);
  }

  /** @internal */
  enter(execution: Execution): unknown {
    return this.fork(execution);
  }

  /** @internal */
  exit(child: Execution): undefined {
    child.dispose();
    return undefined;
  }

  /** The execution the layers below see, with this timeout's deadline unless an outer one comes first. */
  private fork(execution: Execution): Execution {
    const child = execution.child();
    const outerMs = execution.deadlineMs;
    const epoch = this.timer.begin();
    if (outerMs === Number.POSITIVE_INFINITY || epoch.dueMs() < outerMs) {
      // Armed lazily, unless an aggressive race or a listener must learn of the expiry even if nothing reads the signal.
      child.setDeadline(epoch, this.strategy === 'aggressive' || this.events.active);
    }
    return child;
  }


  /** Rejects as soon as the deadline passes, without waiting for the function. */
  private aggressive(child: Execution, next: Next): Promise<unknown> {
    return new Promise((resolve, reject) => {
      child.onAbort = reject;
      next(child).then(
        (value) => {
          child.dispose();
          resolve(value);
        },
        (error: unknown) => {
          child.dispose();
          reject(error);
        },
      );
    });
  }

  private expire(child: Execution): void {
    if (this.events.active) this.events.emit({ type: 'timeout', policy: this.name, timeoutMs: this.timeoutMs });
    child.abort(new TimeoutError(this.timeoutMs));
  }
}
