import { invalidOption } from '../errors.js';
import type { Execution } from './context.js';
import { DeadlineTimer } from './deadline-timer.js';
import { TimeoutError } from './errors.js';
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
}

/**
 * A deadline on each call. The deadline propagates: layers inside see it in
 * `context.deadlineMs` / `remainingMs()` (a retry stops when the next backoff would overrun it,
 * an inner timeout never extends it), and the function's `signal` aborts with a
 * {@link TimeoutError} when it passes. Concurrent calls share one runtime timer.
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
export class Timeout extends BasePolicy {
  readonly timeoutMs: number;
  readonly strategy: TimeoutStrategy;
  private readonly timer: DeadlineTimer;

  constructor(options: TimeoutOptions) {
    super('timeout', options);
    if (typeof options.timeoutMs !== 'number' || !(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) {
      throw invalidOption('timeoutMs', options.timeoutMs, 'a finite number > 0');
    }
    const strategy = options.strategy ?? 'cooperative';
    if (strategy !== 'cooperative' && strategy !== 'aggressive') throw invalidOption('strategy', strategy, '"cooperative" or "aggressive"');
    this.timeoutMs = options.timeoutMs;
    this.strategy = strategy;
    this.timer = new DeadlineTimer(this.runtime);
  }

  run(execution: Execution, next: Next): Promise<unknown> {
    if (execution.aborted) return Promise.reject(execution.reason);
    const dueMs = this.runtime.clock.monotonicMs() + this.timeoutMs;
    // An outer deadline that comes first already covers this call: nothing to arm.
    if (dueMs >= execution.deadlineMs) return next(execution);
    const child = execution.child(dueMs);
    return this.strategy === 'cooperative' ? this.cooperative(child, next) : this.aggressive(child, next);
  }

  private async cooperative(child: Execution, next: Next): Promise<unknown> {
    const deadline = this.timer.add(child.deadlineMs, () => this.expire(child));
    try {
      return await next(child);
    } finally {
      this.timer.remove(deadline);
      child.dispose();
    }
  }

  private aggressive(child: Execution, next: Next): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const deadline = this.timer.add(child.deadlineMs, () => {
        this.expire(child);
        reject(child.reason);
      });
      next(child).then(
        (value) => {
          this.timer.remove(deadline);
          child.dispose();
          resolve(value);
        },
        (error: unknown) => {
          this.timer.remove(deadline);
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
