import { checkOptionsObject, optionalObjectWith, wrongType } from '../options.js';
import { systemRuntime, type Runtime } from '../runtime/index.js';
import { abortReason } from '../runtime/timers.js';
import { Execution, type ExecuteOptions, type Operation } from './context.js';
import { EventHub, type EventListener } from './events.js';
import { GatedChain, type Gate } from './gate.js';

/**
 * The rest of the pipeline below a layer (internal).
 *
 * @example
 * ```ts
 * // In a custom policy: call the layers below, then look at the outcome.
 * async run(execution: Execution, next: Next) { const result = await next(execution); audit(result); return result; }
 * ```
 */
export type Next = (execution: Execution) => Promise<unknown>;

/**
 * A resilience policy: built once, reused for every call, composable with {@link pipeline}.
 *
 * @example
 * ```ts
 * const policy: Policy = timeout({ timeoutMs: 500 });
 * const stop = policy.onEvent((event) => console.log(event));
 * const value = await policy.execute(async ({ signal }) => fetch(url, { signal }));
 * stop();
 * ```
 */
export interface Policy {
  /** The name events and telemetry report (`name` option; defaults to the kind of policy). */
  readonly name: string;
  /** Runs `operation` under this policy. Rejects with the operation's error or the policy's own typed error. */
  execute<T>(operation: Operation<T>, options?: ExecuteOptions): Promise<T>;
  /** Subscribes to this policy's events (and, for calls made with `execute`, one `execution` event each); returns the function that unsubscribes. */
  onEvent(listener: EventListener): () => void;
  /** Runs `next` as one layer of a pipeline (used by {@link pipeline}; not for application code). */
  run(execution: Execution, next: Next): Promise<unknown>;
  /** The layer's synchronous fast path, if it has one (internal: custom policies leave it out). */
  readonly gate?: Gate | undefined;
}

/**
 * Options every policy takes.
 *
 * @example
 * ```ts
 * circuitBreaker({ runtime: new ManualRuntime(), name: 'payments' });
 * ```
 */
export interface PolicyOptions {
  /** Where time, timers and chance come from. Default: `systemRuntime()`. */
  readonly runtime?: Runtime;
  /** The name events and telemetry report. */
  readonly name?: string;
}

/**
 * Calls the user's function, turning a synchronous throw into a rejection.
 *
 * @example
 * ```ts
 * // The innermost layer of every pipeline; a custom policy used alone calls it last:
 * policy.run(Execution.root(runtime.clock, fn, undefined), callOperation);
 * ```
 */
export const callOperation: Next = (execution) => {
  try {
    return Promise.resolve(execution.operation(execution));
  } catch (error) {
    return Promise.reject(error);
  }
};

/**
 * Shared plumbing of the policies: naming, events and `execute` (internal).
 *
 * @example
 * ```ts
 * class Logging extends BasePolicy {
 *   constructor() { super('logging', {}); }
 *   run(execution: Execution, next: Next) { console.log('call', execution.attempt); return next(execution); }
 * }
 * ```
 */
export abstract class BasePolicy implements Policy {
  readonly name: string;
  protected readonly runtime: Runtime;
  protected readonly events = new EventHub();
  readonly gate: Gate | undefined = undefined;
  /** Built on the first call: a subclass's gate is not set yet while this constructor runs. */
  private chain: GatedChain | undefined;

  protected constructor(kind: string, options: PolicyOptions) {
    checkOptionsObject(kind, options);
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name.length === 0)) throw wrongType('name', options.name, 'a non-empty string');
    optionalObjectWith('runtime', options.runtime, ['setTimer', 'sleep'], 'a Runtime (systemRuntime(), ManualRuntime)');
    this.name = options.name ?? kind;
    this.runtime = options.runtime ?? systemRuntime();
  }

  execute<T>(operation: Operation<T>, options?: ExecuteOptions): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const execution = Execution.root(this.runtime.clock, operation as Operation<unknown>, signal);
    const chain = (this.chain ??= new GatedChain([this], callOperation));
    if (!this.events.active) return chain.run(execution) as Promise<T>;
    return observe(this.events, this.name, this.runtime, () => chain.run(execution)) as Promise<T>;
  }

  onEvent(listener: EventListener): () => void {
    return this.events.on(listener);
  }

  abstract run(execution: Execution, next: Next): Promise<unknown>;
}

/** Options of {@link pipeline} when given as the first argument. */
export type PipelineOptions = PolicyOptions;

/**
 * Policies composed into one, the first argument outermost. The order that works for most
 * services (see docs/resilience.md, "Order"):
 *
 * `fallback → retry → circuit breaker → timeout → bulkhead → rate limit → your function`
 *
 * so each retry is a fresh attempt that the breaker counts, each attempt gets its own timeout, and
 * only running attempts hold a bulkhead slot. Put a timeout *outside* the retry as well for a
 * deadline on the whole call: the retry then sees the remaining budget and stops in time.
 *
 * @example
 * ```ts
 * const policy = pipeline(
 *   retry({ maxAttempts: 3 }),
 *   circuitBreaker({ trip: consecutiveFailures(5), openMs: 10_000 }),
 *   timeout({ timeoutMs: 500 }),
 *   bulkhead({ limit: 10, queue: 20 }),
 * );
 * const user = await policy.execute(({ signal }) => db.findUser(id, { signal }));
 * ```
 */
export function pipeline(...policies: Policy[]): Pipeline {
  return new Pipeline(policies);
}

/**
 * The policy that {@link pipeline} returns.
 *
 * @example
 * ```ts
 * const policy: Pipeline = pipeline(retry(), timeout({ timeoutMs: 100 }));
 * policy.policies.length; // 2
 * ```
 */
export class Pipeline implements Policy {
  readonly name: string;
  /** The layers, outermost first (nested pipelines are flattened). */
  readonly policies: readonly Policy[];
  private readonly runtime: Runtime;
  private readonly chain: GatedChain;
  private readonly events = new EventHub();

  constructor(policies: readonly Policy[], options: PipelineOptions = {}) {
    this.policies = policies.flatMap((policy) => (policy instanceof Pipeline ? policy.policies : [policy]));
    this.name = options.name ?? 'pipeline';
    this.runtime = options.runtime ?? firstRuntime(this.policies) ?? systemRuntime();
    this.chain = new GatedChain(this.policies, callOperation);
  }

  execute<T>(operation: Operation<T>, options?: ExecuteOptions): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const execution = Execution.root(this.runtime.clock, operation as Operation<unknown>, signal);
    const chain = this.chain;
    if (!this.events.active) return chain.run(execution) as Promise<T>;
    return observe(this.events, this.name, this.runtime, () => chain.run(execution)) as Promise<T>;
  }

  /**
   * Subscribes to the events of every layer, plus one `execution` event per call with its outcome
   * and duration (measured only while someone listens).
   */
  onEvent(listener: EventListener): () => void {
    const stops = [this.events.on(listener), ...this.policies.map((policy) => policy.onEvent(listener))];
    return () => {
      for (const stop of stops) stop();
    };
  }

  run(execution: Execution, next: Next): Promise<unknown> {
    if (next !== callOperation) return compose(this.policies, next)(execution);
    return execution.aborted ? Promise.reject(execution.reason) : this.chain.run(execution);
  }
}

/** Runs a call and emits its `execution` event (outcome and duration); only used while someone listens. */
async function observe(events: EventHub, policy: string, runtime: Runtime, call: () => Promise<unknown>): Promise<unknown> {
  const startedMs = runtime.clock.monotonicMs();
  try {
    const result = await call();
    events.emit({ type: 'execution', policy, outcome: 'success', durationMs: runtime.clock.monotonicMs() - startedMs, error: undefined });
    return result;
  } catch (error) {
    events.emit({ type: 'execution', policy, outcome: 'failure', durationMs: runtime.clock.monotonicMs() - startedMs, error });
    throw error;
  }
}

function compose(policies: readonly Policy[], innermost: Next): Next {
  let next = innermost;
  for (let index = policies.length - 1; index >= 0; index--) {
    const policy = policies[index] as Policy;
    const inner = next;
    next = (execution) => policy.run(execution, inner);
  }
  return next;
}

function firstRuntime(policies: readonly Policy[]): Runtime | undefined {
  for (const policy of policies) {
    const runtime = (policy as { runtime?: Runtime }).runtime;
    if (runtime !== undefined) return runtime;
  }
  return undefined;
}
