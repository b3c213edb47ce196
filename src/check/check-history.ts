import { invalidOption } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import { systemRuntime } from '../runtime/system-runtime.js';
import type { HistoryEvent } from './history.js';
import { checkLinearizability } from './linearizability.js';
import { type ModelName, modelNames } from './model.js';
import { pairOperations } from './operation.js';
import { type CheckResult, type ConsistencyName, consistencyNames, type LinearizabilityAlgorithm, linearizabilityAlgorithms } from './result.js';
import { checkSessionGuarantee } from './session-guarantees.js';

/**
 * Limits that turn a search that would run too long into the verdict `unknown`.
 *
 * @example
 * ```ts
 * checkHistory(events, { model: 'cas-register', budget: { timeoutMs: 10_000, maxStates: 5_000_000 } });
 * ```
 */
export interface CheckBudget {
  /** Most search steps over all keys. Default 500,000,000 (minutes at most). */
  readonly maxSteps?: number;
  /** Most wall time, read from the runtime's monotonic clock. Default: no limit. */
  readonly timeoutMs?: number;
  /** Most (linearized set, state) pairs remembered, which bounds memory. Default: about 1 GB worth. */
  readonly maxStates?: number;
}

/**
 * Options of {@link checkHistory}.
 *
 * @example
 * ```ts
 * const options: CheckOptions = { model: 'kv', consistency: 'linearizable', splitByKey: true, initial: '' };
 * ```
 */
export interface CheckOptions {
  readonly model: ModelName;
  /** Default `linearizable`. */
  readonly consistency?: ConsistencyName;
  /** The value every key starts with. Default `null` (no value, Jepsen's nil); `""` for a kv history of get/put/append. */
  readonly initial?: unknown;
  readonly budget?: CheckBudget;
  /** Check each key on its own (P-compositionality). Default true. */
  readonly splitByKey?: boolean;
  /** The file the history came from, for error messages. */
  readonly file?: string;
  readonly runtime?: Runtime;
  /**
   * Linearizability only: `auto` (default) decides keys whose written values are all unique with
   * the polynomial unique-value procedure and the others with the WGL search; `unique` or `wgl`
   * forces one (`unique` gives `unknown` where it does not apply).
   */
  readonly algorithm?: LinearizabilityAlgorithm;
  /**
   * An `ok` read of nil matches any value: Jepsen's (Knossos's) convention, where nil means "we do
   * not know what the read returned". Default false: nil is "no value" (pacelc's JSON lines).
   * `pacelc check` sets it for EDN and Jepsen-log histories unless `--strict-nil-reads`.
   */
  readonly nilReadsMatchAny?: boolean;
}

const defaultMaxSteps = 500_000_000;

/**
 * Decides whether a history satisfies a consistency model: linearizability (split by key; a key
 * whose written values are all unique by a polynomial procedure, any other by a Wing–Gong–Lowe
 * search as Porcupine does it; `result.algorithm` says which ran and why) or a session guarantee per client (read-your-writes,
 * monotonic reads, monotonic writes, writes-follow-reads). Operations that `fail` are removed;
 * `info` operations and invocations without completion may take effect at any time after their
 * call, or never.
 *
 * @throws InputError when the history is malformed (a completion without invocation, an unknown
 * operation for the model, a bad `cas` argument), naming the event's file and line.
 *
 * @example
 * ```ts
 * import { checkHistory } from 'pacelc/check';
 * const result = checkHistory(
 *   [
 *     { process: 0, type: 'invoke', f: 'write', value: 1 },
 *     { process: 0, type: 'ok', f: 'write', value: 1 },
 *     { process: 1, type: 'invoke', f: 'read', value: null },
 *     { process: 1, type: 'ok', f: 'read', value: null },
 *   ],
 *   { model: 'register' },
 * );
 * result.verdict; // 'violated': the read began after the write completed, yet saw no value
 * ```
 */
export function checkHistory(events: readonly HistoryEvent[], options: CheckOptions): CheckResult {
  if (!modelNames.includes(options.model)) throw invalidOption('model', options.model, modelNames.join(' | '));
  const consistency = options.consistency ?? 'linearizable';
  if (!consistencyNames.includes(consistency)) throw invalidOption('consistency', consistency, consistencyNames.join(' | '));
  if (options.algorithm !== undefined && !linearizabilityAlgorithms.includes(options.algorithm)) throw invalidOption('algorithm', options.algorithm, linearizabilityAlgorithms.join(' | '));
  const budget = options.budget ?? {};
  const maxSteps = budget.maxSteps ?? defaultMaxSteps;
  if (!(maxSteps > 0)) throw invalidOption('budget.maxSteps', maxSteps, 'a number > 0');
  if (budget.timeoutMs !== undefined && !(budget.timeoutMs > 0)) throw invalidOption('budget.timeoutMs', budget.timeoutMs, 'a number of milliseconds > 0');
  if (budget.maxStates !== undefined && !(budget.maxStates > 0)) throw invalidOption('budget.maxStates', budget.maxStates, 'a number > 0');
  const clock = (options.runtime ?? systemRuntime()).clock;
  const started = clock.monotonicMs();
  const operations = pairOperations(events, options.file === undefined ? {} : { file: options.file });
  if (consistency === 'linearizable') {
    const words = Math.max(1, Math.ceil(operations.length / 32));
    const maxStates = budget.maxStates ?? Math.max(1_000_000, Math.floor(1_000_000_000 / (16 + 4 * words)));
    const result = checkLinearizability(operations, {
      model: options.model,
      splitByKey: options.splitByKey ?? true,
      ...(options.initial === undefined ? {} : { initial: options.initial }),
      ...(options.file === undefined ? {} : { file: options.file }),
      ...(options.algorithm === undefined ? {} : { algorithm: options.algorithm }),
      ...(options.nilReadsMatchAny === true ? { nilReadsMatchAny: true } : {}),
      limits: {
        maxSteps,
        maxCacheEntries: maxStates,
        deadlineMs: budget.timeoutMs === undefined ? Number.POSITIVE_INFINITY : started + budget.timeoutMs,
        monotonicMs: () => clock.monotonicMs(),
      },
    });
    return { ...result, consistency, stats: { ...result.stats, elapsedMs: clock.monotonicMs() - started } };
  }
  const result = checkSessionGuarantee(operations, {
    model: options.model,
    guarantee: consistency,
    ...(options.initial === undefined ? {} : { initial: options.initial }),
    ...(options.file === undefined ? {} : { file: options.file }),
  });
  return { ...result, stats: { ...result.stats, elapsedMs: clock.monotonicMs() - started } };
}
