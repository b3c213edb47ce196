import type { Execution } from './context.js';
import type { Next, Policy } from './policy.js';

/** What {@link Gate.enter} returns to say "not at once: run this call through `run()`". */
export const DECLINED: unique symbol = Symbol('declined');

/**
 * A layer's synchronous fast path (internal). Most calls find the circuit closed, a bulkhead slot
 * free and the first try good; for them a layer only needs a little bookkeeping before and after
 * the call, not a promise of its own. A {@link GatedChain} enters the gates of a pipeline one after
 * another, calls the function once and settles every gate on that one promise, so a pipeline
 * costs about one promise hop however many layers it has. Whatever a gate cannot decide at once
 * (an open circuit, a full bulkhead, a retry) it declines or hands back, and the layer's `run()`
 * does it.
 *
 * @example
 * ```ts
 * // A counting layer: nothing to decide before the call, a count after it.
 * const gate: Gate = {
 *   forks: false,
 *   enter: () => true,
 *   exit: (_ticket, _execution, failed) => { if (failed) failures++; return undefined; },
 * };
 * ```
 */
export interface Gate {
  /** True when the ticket `enter` returns is a child execution, which the layers below then see. */
  readonly forks: boolean;
  /**
   * Admits the call now and returns a ticket for `exit`, or returns {@link DECLINED}, having
   * changed nothing, so the call goes through the layer's `run()` instead. The execution is never
   * aborted here: a chain is only run on a live one, and gates abort nothing while entering.
   */
  enter(execution: Execution): unknown;
  /**
   * Ends an admitted call. Returns `undefined` to pass the outcome on, or a promise of another
   * outcome (another try, a fallback value) that may call `rest`: the layers below this one.
   */
  exit(ticket: unknown, execution: Execution, failed: boolean, outcome: unknown, rest: Next): Promise<unknown> | undefined;
}

/**
 * Runs calls through a list of policies (internal): the leading policies that have a gate run
 * as gates around one call of the rest, composed through their `run()`.
 *
 * @example
 * ```ts
 * const chain = new GatedChain([retry(), circuitBreaker(), timeout({ timeoutMs: 100 })], callOperation);
 * await chain.run(Execution.root(runtime.clock, fn, undefined));
 * ```
 */
export class GatedChain {
  private readonly gates: readonly Gate[];
  /** `rests[i]` runs the policies from the i-th on through their `run()`, then `innermost`. */
  private readonly rests: readonly Next[];

  constructor(policies: readonly Policy[], innermost: Next) {
    const gates: Gate[] = [];
    for (const policy of policies) {
      if (policy.gate === undefined) break;
      gates.push(policy.gate);
    }
    const rests: Next[] = [innermost];
    for (let index = policies.length - 1; index >= 0; index--) {
      const policy = policies[index] as Policy;
      const inner = rests[0] as Next;
      rests.unshift((execution) => policy.run(execution, inner));
    }
    this.gates = gates;
    this.rests = rests;
  }

  /** Runs one call; `execution` must not be aborted (callers check, so the gates need not). */
  run(execution: Execution): Promise<unknown> {
    const gates = this.gates;
    const count = gates.length;
    if (count === 0) return (this.rests[0] as Next)(execution);
    if (count === 1) return this.runOne(gates[0] as Gate, execution);
    const tickets: unknown[] = new Array(count);
    let inner = execution;
    let entered = 0;
    for (; entered < count; entered++) {
      const gate = gates[entered] as Gate;
      const ticket = gate.enter(inner);
      if (ticket === DECLINED) break;
      tickets[entered] = ticket;
      if (gate.forks) inner = ticket as Execution;
    }
    const promise = (this.rests[entered] as Next)(inner);
    if (entered === 0) return promise;
    return promise.then(
      (value) => this.unwind(tickets, entered, inner, false, value),
      (error: unknown) => this.unwind(tickets, entered, inner, true, error),
    );
  }

  /** {@link GatedChain.run} for a policy used alone: no array of tickets. */
  private runOne(gate: Gate, execution: Execution): Promise<unknown> {
    const ticket = gate.enter(execution);
    return ticket === DECLINED ? (this.rests[0] as Next)(execution) : throughGate(gate, ticket, execution, this.rests[1] as Next);
  }

  /** Exits gates `from - 1` down to 0; a gate that hands back a promise finishes the call from there. */
  private unwind(tickets: unknown[], from: number, inner: Execution, failed: boolean, outcome: unknown): unknown {
    let seen = inner;
    for (let index = from - 1; index >= 0; index--) {
      const gate = this.gates[index] as Gate;
      const ticket = tickets[index];
      if (gate.forks) seen = (ticket as Execution).parent as Execution;
      const replacement = gate.exit(ticket, seen, failed, outcome, this.rests[index + 1] as Next);
      if (replacement !== undefined) {
        if (index === 0) return replacement;
        const above = seen;
        return replacement.then(
          (value) => this.unwind(tickets, index, above, false, value),
          (error: unknown) => this.unwind(tickets, index, above, true, error),
        );
      }
    }
    if (failed) throw outcome;
    return outcome;
  }
}

/**
 * Runs `rest` for a call that `gate` admitted with `ticket`, and exits the gate on the outcome
 * (internal). The one place a single layer wraps a call: the chain's lone gate, and every layer's
 * full `run()` once it has admitted the call its own way (after a queue, a probe lease).
 *
 * @example
 * ```ts
 * run(execution, next) { return throughGate(this, this.enter(execution), execution, next); }
 * ```
 */
export function throughGate(gate: Gate, ticket: unknown, execution: Execution, rest: Next): Promise<unknown> {
  const inner = gate.forks ? (ticket as Execution) : execution;
  return rest(inner).then(
    (value) => gate.exit(ticket, execution, false, value, rest) ?? value,
    (error: unknown) => gate.exit(ticket, execution, true, error, rest) ?? Promise.reject(error),
  );
}
