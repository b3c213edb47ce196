import { compileHistory, type CompiledPartition, type ModelName, OperationKind } from './model.js';
import type { Operation } from './operation.js';
import { searchLinearization, type SearchLimits } from './linearization-search.js';
import { type CheckResult, type LinearizabilityCounterexample, reportOperation } from './result.js';

/** Options of {@link checkLinearizability}. */
export interface LinearizabilityOptions {
  readonly model: ModelName;
  readonly initial?: unknown;
  readonly splitByKey: boolean;
  readonly limits: SearchLimits;
  readonly file?: string;
}

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
  });
  // Small partitions first: a violation in a cheap key is found before an expensive key is searched.
  partitions.sort((left, right) => left.operations.length - right.operations.length);
  let steps = 0;
  let cacheEntries = 0;
  let counterexample: LinearizabilityCounterexample | undefined;
  let unknownReason: string | undefined;
  const violatedKeys: string[] = [];
  for (const partition of partitions) {
    const outcome = searchLinearization(partition.operations, partition.model, { ...options.limits, maxSteps: options.limits.maxSteps - steps });
    steps += outcome.steps;
    cacheEntries += outcome.cacheEntries;
    if (outcome.verdict === 'violated') {
      counterexample ??= buildCounterexample(partition, outcome.longestPrefix, outcome.stateAfterLongestPrefix);
      if (partition.key !== undefined && violatedKeys.length < maxViolatedKeys) violatedKeys.push(partition.key);
      // the verdict is known; other keys only add to the list of violated keys, so stop here
      break;
    }
    if (outcome.verdict === 'unknown') {
      const where = partition.key === undefined ? '' : ` on key ${JSON.stringify(partition.key)}`;
      const limit = outcome.exhausted === 'time' ? 'the time budget' : outcome.exhausted === 'cache' ? 'the memory budget (cache entries)' : 'the step budget';
      unknownReason = `${limit} ran out after ${outcome.steps.toLocaleString('en-US')} steps${where} (${partition.operations.length} operations)`;
      break;
    }
  }
  const verdict = counterexample !== undefined ? 'violated' : unknownReason !== undefined ? 'unknown' : 'holds';
  return {
    verdict,
    model: options.model,
    operations: operations.length,
    ...(counterexample === undefined ? {} : { counterexample }),
    ...(unknownReason === undefined ? {} : { reason: unknownReason }),
    ...(violatedKeys.length === 0 ? {} : { violatedKeys }),
    stats: {
      steps,
      cacheEntries,
      partitions: partitions.length,
      failedOperations: compiled.failed,
      unknownOperations: compiled.unknownWrites,
      droppedReads: compiled.unknownReads,
    },
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
