import type { ModelName } from './model.js';
import type { Operation } from './operation.js';

/** The consistency models {@link checkHistory} decides. */
export type ConsistencyName = 'linearizable' | 'read-your-writes' | 'monotonic-reads' | 'monotonic-writes' | 'writes-follow-reads';

/**
 * Every consistency name, for option validation and `--help`.
 *
 * @example
 * ```ts
 * consistencyNames.includes(flag as ConsistencyName);
 * ```
 */
export const consistencyNames: readonly ConsistencyName[] = ['linearizable', 'read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'];

/** `holds`: the history satisfies the model; `violated`: it does not (see the counterexample); `unknown`: the budget ran out or the history cannot be judged. */
export type CheckVerdict = 'holds' | 'violated' | 'unknown';

/** An operation as a report shows it: who, what, with which values, and when (history index, time and line). */
export interface OperationReport {
  readonly id: number;
  readonly process: number | string;
  readonly f: string;
  readonly key?: string;
  readonly input: unknown;
  /** The value returned, for `ok` operations. */
  readonly output?: unknown;
  readonly outcome: 'ok' | 'fail' | 'unknown';
  readonly call: EventReference;
  /** Absent when the operation never completed. */
  readonly return?: EventReference;
}

/** Where an event is: its index in the history, and its time and source line when known. */
export interface EventReference {
  readonly index: number;
  readonly time?: number;
  readonly line?: number;
}

/**
 * Which linearizability procedure to run: `unique` (the polynomial unique-value procedure, where
 * every written value is unique), `wgl` (the Wing–Gong–Lowe search, any history), or `auto` (the
 * first where it applies, the second elsewhere).
 */
export type LinearizabilityAlgorithm = 'auto' | 'wgl' | 'unique';

/**
 * Every algorithm name, for option validation and `--help`.
 *
 * @example
 * ```ts
 * linearizabilityAlgorithms; // ['auto', 'wgl', 'unique']
 * ```
 */
export const linearizabilityAlgorithms: readonly LinearizabilityAlgorithm[] = ['auto', 'wgl', 'unique'];

/** Which procedure decided a linearizability check, and why. */
export interface AlgorithmReport {
  readonly requested: LinearizabilityAlgorithm;
  /** `unique-values`, `wgl`, both (some keys each), or `none` (nothing was decided). */
  readonly used: 'unique-values' | 'wgl' | 'unique-values+wgl' | 'none';
  /** Keys (partitions) the unique-value procedure decided. */
  readonly uniqueValueKeys: number;
  /** Keys (partitions) the search decided. */
  readonly searchedKeys: number;
  readonly reason: string;
}

/** Why a history is not linearizable: the longest linearizable prefix found, and the operations that cannot follow it. */
export interface LinearizabilityCounterexample {
  readonly kind: 'linearizability';
  /** The key whose sub-history is not linearizable (when split by key). */
  readonly key?: string;
  /** Operations in that (sub-)history, or in the subset shown when `subsetOf` is set. */
  readonly partitionOperations: number;
  /** When the counterexample is a subset of the key's operations that cannot be linearized on its own: how many operations the key has. */
  readonly subsetOf?: number;
  /** Why no order exists, in one sentence (from the unique-value procedure). */
  readonly summary?: string;
  /** The longest prefix of a linearization the search found, in linearization order. */
  readonly prefix: readonly OperationReport[];
  /** The model's state after that prefix (a value, or a map of key to value when not split). */
  readonly stateAfterPrefix: unknown;
  /**
   * The operations that could come next (called before the earliest pending return) and why none
   * can: `not-allowed` (the model refuses it in that state, e.g. a read of another value) or
   * `dead-end` (allowed, but every continuation after it fails).
   */
  readonly blocked: ReadonlyArray<{ readonly operation: OperationReport; readonly reason: 'not-allowed' | 'dead-end'; readonly detail: string }>;
  /** The operation with the earliest return among those not in the prefix: something must be ordered before it returns, and nothing can. */
  readonly deadline?: OperationReport;
}

/** One broken session guarantee: the read, what the session had to see, and the event that obliged it. */
export interface SessionViolation {
  readonly guarantee: ConsistencyName;
  /** The process (or node, for monotonic-writes and writes-follow-reads when reads carry `meta.node`) that observed it. */
  readonly observer: string;
  readonly key?: string;
  readonly read: OperationReport;
  /** The write whose value the read returned (absent when it returned the initial value or a value never written). */
  readonly readFrom?: OperationReport;
  /** The version the observer had to see at least (the read's value is older). */
  readonly required: OperationReport;
  /** The operation that created the obligation (the own write, the earlier read, ...). */
  readonly because: OperationReport;
  readonly explanation: string;
}

/** Why a history breaks a session guarantee: the first violations found (at most 20). */
export interface SessionCounterexample {
  readonly kind: 'session';
  readonly guarantee: ConsistencyName;
  /** How many violations there are in total. */
  readonly total: number;
  readonly violations: readonly SessionViolation[];
}

export type Counterexample = LinearizabilityCounterexample | SessionCounterexample;

/** What a check did and how long it took. */
export interface CheckStats {
  /** Search steps (linearizability) or operations visited (session checks). */
  readonly steps: number;
  /** Distinct (linearized set, state) pairs the search remembered. */
  readonly cacheEntries: number;
  /** Sub-histories checked independently (keys, when split). */
  readonly partitions: number;
  /** Operations that definitely did not happen, removed before checking. */
  readonly failedOperations: number;
  /** Writes and CAS with an unknown outcome (`info` or no completion). */
  readonly unknownOperations: number;
  /** Reads with an unknown outcome, removed (they constrain nothing). */
  readonly droppedReads: number;
  /** Compare-and-sets that failed because their compare saw another value: kept as information. */
  readonly casMismatches?: number;
  /** `ok` reads of nil that match any value (Jepsen's formats), removed. */
  readonly nilReads?: number;
  readonly elapsedMs: number;
}

/**
 * The verdict of {@link checkHistory}, with a counterexample when violated.
 *
 * @example
 * ```ts
 * const result = checkHistory(events, { model: 'kv' });
 * if (result.verdict === 'violated' && result.counterexample?.kind === 'linearizability') {
 *   console.log(result.violatedKeys, result.counterexample.blocked.map((entry) => entry.detail));
 * }
 * ```
 */
export interface CheckResult {
  readonly verdict: CheckVerdict;
  readonly model: ModelName;
  readonly consistency: ConsistencyName;
  /** Operations in the history (invocations), before removing failed ones. */
  readonly operations: number;
  readonly counterexample?: Counterexample;
  /** Why the verdict is unknown (which budget ran out, or what makes the history undecidable). */
  readonly reason?: string;
  /** Keys whose sub-history is violated (at most 20), when split by key. */
  readonly violatedKeys?: readonly string[];
  /** Which linearizability procedure ran and why (linearizability checks only). */
  readonly algorithm?: AlgorithmReport;
  readonly stats: CheckStats;
}

/**
 * The report form of an operation.
 *
 * @example
 * ```ts
 * reportOperation(pairOperations(events)[0]!); // { id: 0, process: 0, f: 'write', input: 1, ... }
 * ```
 */
export function reportOperation(operation: Operation): OperationReport {
  const call: EventReference = {
    index: operation.callIndex,
    ...(operation.callTime === undefined ? {} : { time: operation.callTime }),
    ...(operation.line === undefined ? {} : { line: operation.line }),
  };
  const report: OperationReport = {
    id: operation.id,
    process: operation.process,
    f: operation.f,
    ...(operation.key === undefined ? {} : { key: operation.key }),
    input: operation.input,
    ...(operation.outcome === 'ok' ? { output: operation.output } : {}),
    outcome: operation.outcome,
    call,
    ...(operation.completionIndex === undefined
      ? {}
      : {
          return: {
            index: operation.completionIndex,
            ...(operation.returnTime === undefined ? {} : { time: operation.returnTime }),
            ...(operation.returnLine === undefined ? {} : { line: operation.returnLine }),
          },
        }),
  };
  return report;
}
