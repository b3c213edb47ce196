import { optionalFunction } from '../options.js';
import type { Execution, ExecutionContext } from './context.js';
import { type Gate, throughGate } from './gate.js';
import { BasePolicy, type Next, type PolicyOptions } from './policy.js';

/**
 * Options of {@link fallback}.
 *
 * @example
 * ```ts
 * fallback({ fallback: (error) => ({ items: [], degraded: true }), shouldHandle: (error) => error instanceof TimeoutError });
 * ```
 */
export interface FallbackOptions<R> extends PolicyOptions {
  /** The value to return instead of failing, or a function of the error that returns (or throws) it. */
  readonly fallback: (error: unknown, context: ExecutionContext) => R | PromiseLike<R>;
  /** Which errors to replace. Default: every error except the call's own abort. */
  readonly shouldHandle?: (error: unknown) => boolean;
}

/**
 * Answers with a substitute — a cached value, a default, a degraded response — when the call fails
 * with a chosen error. Put it outermost, so it sees what is left after retries and breakers.
 *
 * @example
 * ```ts
 * const recommendations = pipeline(
 *   fallback({ fallback: () => popularItems, shouldHandle: (error) => error instanceof BrokenCircuitError }),
 *   circuitBreaker(),
 * );
 * ```
 */
export function fallback<R>(options: FallbackOptions<R>): Fallback<R> {
  return new Fallback(options);
}

/**
 * The policy that {@link fallback} returns.
 *
 * @example
 * ```ts
 * const policy: Fallback<string> = fallback({ fallback: () => 'default' });
 * await policy.execute(() => Promise.reject(new Error('x'))); // 'default'
 * ```
 */
export class Fallback<R> extends BasePolicy implements Gate {
  override readonly gate: Gate = this;
  /** @internal */
  readonly forks = false;
  private readonly substitute: (error: unknown, context: ExecutionContext) => R | PromiseLike<R>;
  private readonly shouldHandle: ((error: unknown) => boolean) | undefined;

  constructor(options: FallbackOptions<R>) {
    super('fallback', options);
    if (typeof options.fallback !== 'function') throw new RangeError('Invalid option fallback: expected a function (error, context) => value');
    this.substitute = options.fallback;
    this.shouldHandle = optionalFunction('shouldHandle', options.shouldHandle);
  }

  run(execution: Execution, next: Next): Promise<unknown> {
    return throughGate(this, true, execution, next);
  }

  /** @internal Nothing to do before the call; after a failure it handles, the fallback's value. */
  enter(): unknown {
    return true;
  }

  /** @internal */
  exit(_ticket: unknown, execution: Execution, failed: boolean, outcome: unknown): Promise<unknown> | undefined {
    if (!failed) return undefined;
    const handles = this.shouldHandle !== undefined ? this.shouldHandle(outcome) : !(execution.aborted && execution.reason === outcome);
    if (!handles) return undefined;
    if (this.events.active) this.events.emit({ type: 'fallback', policy: this.name, error: outcome });
    return new Promise((resolve) => resolve(this.substitute(outcome, execution)));
  }
}
