import { compileHistory, type CompiledPartition, type IntegerModel, type ModelName, OperationKind } from './model.js';
import type { Operation } from './operation.js';
import { searchLinearization, type SearchLimits } from './linearization-search.js';
import { type AlgorithmReport, type CheckResult, type LinearizabilityAlgorithm, type LinearizabilityCounterexample, reportOperation } from './result.js';
import { decideUniqueValues, uniqueValueObstacle } from './unique-value-linearizability.js';

/** Options of {@link checkLinearizability}. */
export interface LinearizabilityOptions {
  readonly model: ModelName;
  readonly initial?: unknown;
  readonly splitByKey: boolean;
  readonly limits: SearchLimits;
  readonly file?: string;
  /** Which decision procedure: `auto` (default) picks the unique-value procedure where it applies, the search elsewhere. */
  readonly algorithm?: LinearizabilityAlgorithm;
  /** An `ok` read of nil matches any value (Jepsen's formats). Default false. */
  readonly nilReadsMatchAny?: boolean;
}

/** Most search steps spent turning the unique-value procedure's violation into a counterexample. */
const maxCoreSteps = 2_000_000;

const maxViolatedKeys = 20;
const maxBlocked = 20;

/**
 * Checks paired operations for linearizability, one key at a time when split (a history is
 * linearizable iff each key's sub-history is: Herlihy and Wing's locality). Stops at the first
 * violated key unless asked otherwise; a budget that runs out gives `unknown`.
 *
 * @example
 * ```ts
 * const result = checkLinearizability(pairOperations(events), { model: 'register', splitByKey: true, limits });
 * ```
 */
export function checkLinearizability(operations: readonly Operation[], options: LinearizabilityOptions): Omit<CheckResult, 'consistency' | 'stats'> & { stats: Omit<CheckResult['stats'], 'elapsedMs'> } {
  const { partitions, stats: compiled } = compileHistory(operations, {
    model: options.model,
    splitByKey: options.splitByKey,
    ...(options.initial === undefined ? {} : { initial: options.initial }),
    ...(options.file === undefined ? {} : { file: options.file }),
    ...(options.nilReadsMatchAny === true ? { nilReadsMatchAny: true } : {}),
  });
  const requested = options.algorithm ?? 'auto';
  let uniqueKeys = 0;
  let searchedKeys = 0;
  let firstObstacle: string | undefined;
  let fallbackNote: string | undefined;
  // Small partitions first: a violation in a cheap key is found before an expensive key is searched.
  partitions.sort((left, right) => left.operations.length - right.operations.length);
  let steps = 0;
  let cacheEntries = 0;
  let counterexample: LinearizabilityCounterexample | undefined;
  let unknownReason: string | undefined;
  const violatedKeys: string[] = [];
  const search = (partition: CompiledPartition): 'done' | 'stop' => {
    searchedKeys++;
    const outcome = searchLinearization(partition.operations, partition.model, { ...options.limits, maxSteps: options.limits.maxSteps - steps });
    steps += outcome.steps;
    cacheEntries += outcome.cacheEntries;
    if (outcome.verdict === 'violated') {
      counterexample ??= buildCounterexample(partition, outcome.longestPrefix, outcome.stateAfterLongestPrefix);
      if (partition.key !== undefined && violatedKeys.length < maxViolatedKeys) violatedKeys.push(partition.key);
      // the verdict is known; other keys only add to the list of violated keys, so stop here
      return 'stop';
    }
    if (outcome.verdict === 'unknown') {
      const where = partition.key === undefined ? '' : ` on key ${JSON.stringify(partition.key)}`;
      const limit = outcome.exhausted === 'time' ? 'the time budget' : outcome.exhausted === 'cache' ? 'the memory budget (cache entries)' : 'the step budget';
      unknownReason = `${limit} ran out after ${outcome.steps.toLocaleString('en-US')} steps${where} (${partition.operations.length} operations)`;
      return 'stop';
    }
    return 'done';
  };
  for (const partition of partitions) {
    const where = partition.key === undefined ? '' : ` on key ${JSON.stringify(partition.key)}`;
    if (requested === 'wgl') {
      if (search(partition) === 'stop') break;
      continue;
    }
    const obstacle = uniqueValueObstacle(partition);
    if (obstacle !== undefined) {
      firstObstacle ??= `${obstacle}${where}`;
      if (requested === 'unique') {
        unknownReason = `the unique-value procedure does not apply${where}: ${obstacle}`;
        break;
      }
      if (search(partition) === 'stop') break;
      continue;
    }
    const outcome = decideUniqueValues(partition);
    if (outcome.verdict === 'holds') {
      uniqueKeys++;
      continue;
    }
    if (outcome.verdict === 'inconclusive') {
      fallbackNote ??= `${outcome.reason}${where}`;
      if (requested === 'unique') {
        unknownReason = `the unique-value procedure could not decide${where}: ${outcome.reason}`;
        break;
      }
      if (search(partition) === 'stop') break;
      continue;
    }
    uniqueKeys++;
    // The counterexample: the search, on the small set of operations the procedure blamed.
    const core = restrict(partition, outcome.core);
    const coreOutcome = searchLinearization(core.operations, core.model, { ...options.limits, maxSteps: Math.min(maxCoreSteps, options.limits.maxSteps - steps) });
    steps += coreOutcome.steps;
    cacheEntries += coreOutcome.cacheEntries;
    if (coreOutcome.verdict === 'violated') {
      const subset = core.operations.length < partition.operations.length ? { subsetOf: partition.operations.length } : {};
      counterexample ??= { ...buildCounterexample(core, coreOutcome.longestPrefix, coreOutcome.stateAfterLongestPrefix), ...subset, summary: outcome.explanation };
    } else if (coreOutcome.verdict === 'unknown') {
      counterexample ??= coreWithoutSearch(core, partition.operations.length, outcome.explanation);
    } else {
      // Never expected: the blamed operations are linearizable on their own. Trust the search on the whole key.
      uniqueKeys--;
      fallbackNote ??= `the operations the unique-value procedure blamed${where} are linearizable on their own`;
      if (search(partition) === 'stop') break;
      continue;
    }
    if (partition.key !== undefined && violatedKeys.length < maxViolatedKeys) violatedKeys.push(partition.key);
    break;
  }
  const algorithm = describeAlgorithm(requested, uniqueKeys, searchedKeys, firstObstacle, fallbackNote);
  const verdict = counterexample !== undefined ? 'violated' : unknownReason !== undefined ? 'unknown' : 'holds';
  return {
    verdict,
    model: options.model,
    operations: operations.length,
    ...(counterexample === undefined ? {} : { counterexample }),
    ...(unknownReason === undefined ? {} : { reason: unknownReason }),
    ...(violatedKeys.length === 0 ? {} : { violatedKeys }),
    algorithm,
    stats: {
      steps,
      cacheEntries,
      partitions: partitions.length,
      failedOperations: compiled.failed,
      unknownOperations: compiled.unknownWrites,
      droppedReads: compiled.unknownReads,
      ...(compiled.casMismatches === 0 ? {} : { casMismatches: compiled.casMismatches }),
      ...(compiled.nilReads === 0 ? {} : { nilReads: compiled.nilReads }),
    },
  };
}

function describeAlgorithm(requested: LinearizabilityAlgorithm, uniqueKeys: number, searchedKeys: number, obstacle: string | undefined, fallback: string | undefined): AlgorithmReport {
  const keys = (count: number): string => `${count.toLocaleString('en-US')} ${count === 1 ? 'key' : 'keys'}`;
  const why = obstacle === undefined ? (fallback ?? 'the unique-value procedure does not apply') : `values are not unique: ${obstacle}`;
  let used: AlgorithmReport['used'];
  let reason: string;
  if (requested === 'wgl') {
    used = 'wgl';
    reason = 'as asked (algorithm wgl)';
  } else if (searchedKeys === 0) {
    used = uniqueKeys === 0 ? 'none' : 'unique-values';
    reason = uniqueKeys === 0 ? (obstacle === undefined ? 'nothing to check' : 'as asked (algorithm unique), which does not apply') : 'every written value is unique (decided in polynomial time)';
  } else if (uniqueKeys === 0) {
    used = 'wgl';
    reason = why;
  } else {
    used = 'unique-values+wgl';
    reason = `unique values on ${keys(uniqueKeys)}, the search on ${keys(searchedKeys)}: ${why}`;
  }
  return { requested, used, uniqueValueKeys: uniqueKeys, searchedKeys, reason };
}

/** The partition's operations at `indices`, with a model that steps them as the partition's model does. */
function restrict(partition: CompiledPartition, indices: readonly number[]): CompiledPartition {
  const map = Int32Array.from(indices);
  const inner = partition.model;
  const model: IntegerModel = {
    initialState: inner.initialState,
    readOnly: Uint8Array.from(indices, (index) => inner.readOnly[index] as number),
    step: (state, operation) => inner.step(state, map[operation] as number),
    describe: (state) => inner.describe(state),
  };
  return {
    key: partition.key,
    operations: indices.map((index) => partition.operations[index] as Operation),
    model,
    kinds: Uint8Array.from(indices, (index) => partition.kinds[index] as number),
    first: Int32Array.from(indices, (index) => partition.first[index] as number),
    second: Int32Array.from(indices, (index) => partition.second[index] as number),
    initialValue: partition.initialValue,
    keyCount: partition.keyCount,
  };
}

/** A counterexample without a search (its budget ran out on the blamed operations): the operations, and why. */
function coreWithoutSearch(core: CompiledPartition, of: number, summary: string): LinearizabilityCounterexample {
  return {
    kind: 'linearizability',
    ...(core.key === undefined ? {} : { key: core.key }),
    partitionOperations: core.operations.length,
    subsetOf: of,
    summary,
    prefix: [],
    stateAfterPrefix: core.model.describe(core.model.initialState),
    blocked: core.operations.slice(0, maxBlocked).map((operation) => ({ operation: reportOperation(operation), reason: 'dead-end' as const, detail: summary })),
  };
}

function buildCounterexample(partition: CompiledPartition, prefix: Int32Array, state: number): LinearizabilityCounterexample {
  const { operations, model } = partition;
  const inPrefix = new Uint8Array(operations.length);
  for (const index of prefix) inPrefix[index] = 1;
  let deadlineIndex = -1;
  let deadlineReturn = Number.POSITIVE_INFINITY;
  operations.forEach((operation, index) => {
    if (inPrefix[index] === 0 && operation.returnIndex < deadlineReturn) {
      deadlineReturn = operation.returnIndex;
      deadlineIndex = index;
    }
  });
  const blocked: Array<LinearizabilityCounterexample['blocked'][number]> = [];
  const stateValue = model.describe(state);
  operations.forEach((operation, index) => {
    if (inPrefix[index] === 1 || operation.callIndex > deadlineReturn || blocked.length >= maxBlocked) return;
    const allowed = model.step(state, index) >= 0;
    blocked.push({
      operation: reportOperation(operation),
      reason: allowed ? 'dead-end' : 'not-allowed',
      detail: allowed ? 'allowed here, but no order of the remaining operations works after it' : refusal(operation, stateValue, partition.key === undefined && operation.key !== undefined),
    });
  });
  const deadline = deadlineIndex >= 0 ? operations[deadlineIndex] : undefined;
  return {
    kind: 'linearizability',
    ...(partition.key === undefined ? {} : { key: partition.key }),
    partitionOperations: operations.length,
    prefix: Array.from(prefix, (index) => reportOperation(operations[index] as Operation)),
    stateAfterPrefix: stateValue,
    blocked,
    ...(deadline === undefined ? {} : { deadline: reportOperation(deadline) }),
  };
}

function refusal(operation: Operation, state: unknown, perKey: boolean): string {
  const current = perKey && state !== null && typeof state === 'object' ? (state as Record<string, unknown>)[operation.key ?? ''] : state;
  const holds = `the value is ${show(current)}`;
  const kind = operation.f === 'cas' ? OperationKind.cas : operation.f === 'read' || operation.f === 'get' ? OperationKind.read : OperationKind.write;
  if (kind === OperationKind.read) return `it read ${show(operation.output)}, but ${holds}`;
  if (kind === OperationKind.cas) {
    const expected = Array.isArray(operation.input) ? operation.input[0] : undefined;
    return `its compare-and-set expects ${show(expected)}, but ${holds}`;
  }
  return `not allowed when ${holds}`;
}

function show(value: unknown): string {
  return value === null || value === undefined ? 'nil (no value)' : JSON.stringify(value);
}
