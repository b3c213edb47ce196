import { compileHistory, type ModelName } from './model.js';
import type { Operation } from './operation.js';
import { searchLinearization } from './linearization-search.js';

/** One partial linearization: operations in the order the search linearized them, and the model's state after each. */
export interface PartialLinearization {
  /** Operation ids (`Operation.id`), in linearization order. */
  readonly operations: readonly number[];
  /** The model's state after each operation (`states[i]` after `operations[i]`). */
  readonly states: readonly unknown[];
}

/** What {@link partialLinearizations} found for one key (or the whole history, when not split). */
export interface PartialLinearizationReport {
  readonly key?: string;
  /** Operations the search saw (failed ones and reads of unknown outcome are removed first). */
  readonly searchedOperations: number;
  /**
   * The longest partial linearizations, longest first: for every operation that the search could
   * linearize at all, the longest one containing it is in this list (as in Porcupine's visualiser).
   */
  readonly partials: readonly PartialLinearization[];
  /** For each operation id the search could linearize: the index in `partials` of the longest one containing it. */
  readonly longestContaining: Readonly<Record<number, number>>;
  /** Set when the step budget ran out before the search ended: the partials are those found until then. */
  readonly exhausted?: 'steps';
}

export interface PartialLinearizationOptions {
  readonly model: ModelName;
  /** The key to explain (its operations only); absent: every operation, as one history. */
  readonly key?: string;
  readonly initial?: unknown;
  readonly nilReadsMatchAny?: boolean;
  /** Most search steps. Default 1,000,000 (well under a second). */
  readonly maxSteps?: number;
  /** Most partial linearizations kept. Default 200. */
  readonly maxPartials?: number;
}

/**
 * The longest partial linearizations of a key's operations, for pictures of a failed check (the
 * HTML report): the WGL search runs again on that key only, with an observer that keeps, at every
 * dead end, the path if it is the longest seen so far for one of its operations. Run after a check
 * says "violated", never during it, so a check without a report costs nothing more.
 *
 * @example
 * ```ts
 * const report = partialLinearizations(pairOperations(events), { model: 'register', key: 'x' });
 * report.partials[0]?.operations; // ids of the longest linearizable prefix, in order
 * ```
 */
export function partialLinearizations(operations: readonly Operation[], options: PartialLinearizationOptions): PartialLinearizationReport {
  const maxSteps = options.maxSteps ?? 1_000_000;
  const maxPartials = options.maxPartials ?? 200;
  if (!(maxSteps > 0)) throw new RangeError(`maxSteps must be a number > 0, received ${String(maxSteps)}`);
  if (!(maxPartials > 0)) throw new RangeError(`maxPartials must be a number > 0, received ${String(maxPartials)}`);
  const selected = options.key === undefined ? operations : operations.filter((operation) => operation.key === options.key);
  const { partitions } = compileHistory(selected, {
    model: options.model,
    splitByKey: options.key !== undefined,
    ...(options.initial === undefined ? {} : { initial: options.initial }),
    ...(options.nilReadsMatchAny === true ? { nilReadsMatchAny: true } : {}),
  });
  const partition = partitions[0];
  const base = options.key === undefined ? {} : { key: options.key };
  if (partition === undefined) return { ...base, searchedOperations: 0, partials: [], longestContaining: {} };
  const count = partition.operations.length;
  const bestDepth = new Int32Array(count);
  const owner = new Int32Array(count).fill(-1);
  const found: Int32Array[] = [];
  const outcome = searchLinearization(
    partition.operations,
    partition.model,
    { maxSteps, maxCacheEntries: Math.max(100_000, Math.floor(200_000_000 / (16 + 4 * Math.ceil(count / 32)))), deadlineMs: Number.POSITIVE_INFINITY, monotonicMs: () => 0 },
    {
      deadEnd(stack, depth) {
        if (depth === 0 || found.length >= maxPartials) return;
        let improves = false;
        for (let index = 0; index < depth; index++) {
          if ((bestDepth[stack[index] as number] as number) < depth) {
            improves = true;
            break;
          }
        }
        if (!improves) return;
        const number = found.length;
        found.push(stack.slice(0, depth));
        for (let index = 0; index < depth; index++) {
          const operation = stack[index] as number;
          if ((bestDepth[operation] as number) < depth) {
            bestDepth[operation] = depth;
            owner[operation] = number;
          }
        }
      },
    },
  );
  const used = [...new Set(owner)].filter((number) => number >= 0).sort((left, right) => (found[right]?.length ?? 0) - (found[left]?.length ?? 0) || left - right);
  const renumber = new Map(used.map((number, index) => [number, index]));
  const partials = used.map((number) => {
    const path = found[number] as Int32Array;
    const states: unknown[] = [];
    let state = partition.model.initialState;
    for (const index of path) {
      state = partition.model.step(state, index);
      states.push(partition.model.describe(state));
    }
    return { operations: Array.from(path, (index) => (partition.operations[index] as Operation).id), states };
  });
  const longestContaining: Record<number, number> = {};
  owner.forEach((number, index) => {
    if (number >= 0) longestContaining[(partition.operations[index] as Operation).id] = renumber.get(number) as number;
  });
  return { ...base, searchedOperations: count, partials, longestContaining, ...(outcome.verdict === 'unknown' ? { exhausted: 'steps' as const } : {}) };
}
