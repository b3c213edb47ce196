import type { ModelName } from './model.js';
import { canonicalKey } from './value-table.js';
import type { Operation } from './operation.js';
import { type CheckResult, type ConsistencyName, reportOperation, type SessionCounterexample, type SessionViolation } from './result.js';

/** Options of {@link checkSessionGuarantee}. */
export interface SessionCheckOptions {
  readonly model: ModelName;
  readonly guarantee: Exclude<ConsistencyName, 'linearizable'>;
  /** The value every key starts with. Default `null`. */
  readonly initial?: unknown;
  readonly file?: string;
}

const maxReported = 20;
const readNames = new Set(['read', 'get']);
const writeNames = new Set(['write', 'put']);

/**
 * Checks one of Terry et al.'s session guarantees (1994) per client, for a register or key-value
 * history whose written values are unique per key, so that each read names the write it saw.
 *
 * The version order of a key is derived from the writes themselves: the initial value comes before
 * every write, and a write that completed before another was invoked is older (real-time order,
 * which includes each session's own order). Concurrent writes are not ordered, so only definite
 * violations are reported. A read is *older than* a required version if it returned the initial
 * value, or a write that completed before the required write was invoked.
 *
 * - read-your-writes: a read by process p never returns a version older than p's last completed
 *   write of that key.
 * - monotonic-reads: a read by p never returns a version older than one p read before.
 * - monotonic-writes: once an observer has seen p's write w, it never sees p's earlier write w'
 *   (of the same key) again or anything older than p's earlier writes.
 * - writes-follow-reads: once an observer has seen p's write w, it never sees anything older than
 *   what p had read before writing w (nor, on w's key, that value itself).
 *
 * The observer of monotonic-writes and writes-follow-reads is the replica that served the read
 * when completions carry `meta.node` (Terry's server-side definition), otherwise the reading
 * process (which assumes sticky sessions).
 *
 * @example
 * ```ts
 * const result = checkSessionGuarantee(pairOperations(events), { model: 'register', guarantee: 'read-your-writes' });
 * ```
 */
export function checkSessionGuarantee(operations: readonly Operation[], options: SessionCheckOptions): Omit<CheckResult, 'stats'> & { stats: Omit<CheckResult['stats'], 'elapsedMs'> } {
  const guarantee = options.guarantee;
  const initialKey = canonicalKey(options.initial ?? null);
  let failed = 0;
  let unknown = 0;
  let droppedReads = 0;
  // version lookup: key -> written value -> the write
  const writers = new Map<string, Map<string, Operation>>();
  let undecidable: string | undefined;
  for (const operation of operations) {
    if (operation.f === 'append') {
      undecidable ??= 'session guarantees need unique written values; append histories are not supported';
      continue;
    }
    if (operation.outcome === 'fail') {
      failed++;
      continue;
    }
    if (readNames.has(operation.f)) {
      if (operation.outcome === 'unknown') droppedReads++;
      continue;
    }
    if (operation.outcome === 'unknown') unknown++;
    const written = writtenValue(operation);
    if (written === undefined) continue;
    const key = operation.key ?? '';
    let byValue = writers.get(key);
    if (byValue === undefined) writers.set(key, (byValue = new Map()));
    const canonical = canonicalKey(written);
    const previous = byValue.get(canonical);
    if (previous !== undefined) {
      undecidable ??= `written values are not unique: ${JSON.stringify(written)} is written ${describe(previous)} and ${describe(operation)}${operation.key === undefined ? '' : ` on key ${JSON.stringify(operation.key)}`}, so a read cannot name the write it saw`;
    }
    byValue.set(canonical, operation);
  }
  const base = { model: options.model, consistency: guarantee, operations: operations.length } as const;
  const stats = { steps: operations.length, cacheEntries: 0, partitions: writers.size, failedOperations: failed, unknownOperations: unknown, droppedReads };
  if (undecidable !== undefined) return { ...base, verdict: 'unknown', reason: undecidable, stats };

  interface Obligation {
    /** The latest call index among required versions (a read older than this is a violation). */
    floorCall: number;
    required: Operation | undefined;
    because: Operation | undefined;
    /** Versions the observer must not see again (id -> [required, because]). */
    strict: Map<number, [Operation, Operation]> | undefined;
  }
  const obligations = new Map<string, Obligation>();
  const obligationOf = (observer: string, key: string): Obligation => {
    const name = `${observer}\u0000${key}`;
    let obligation = obligations.get(name);
    if (obligation === undefined) obligations.set(name, (obligation = { floorCall: -1, required: undefined, because: undefined, strict: undefined }));
    return obligation;
  };
  const require = (observer: string, key: string, required: Operation, because: Operation, strict: boolean): void => {
    const obligation = obligationOf(observer, key);
    if (required.callIndex > obligation.floorCall) {
      obligation.floorCall = required.callIndex;
      obligation.required = required;
      obligation.because = because;
    }
    if (strict) (obligation.strict ??= new Map()).set(required.id, [required, because]);
  };

  // Per process: what it had written and read before each of its writes (for monotonic-writes and writes-follow-reads).
  const sessionBefore = new Map<number, ReadonlyMap<string, Operation>>();
  const lastWrites = new Map<string, Map<string, Operation>>();
  const lastReads = new Map<string, Map<string, Operation>>();

  const sourceOf = (key: string, value: unknown): Operation | null | undefined => {
    const write = writers.get(key)?.get(canonicalKey(value));
    if (write !== undefined) return write;
    return canonicalKey(value) === initialKey ? null : undefined;
  };

  const violations: SessionViolation[] = [];
  let total = 0;
  const completed = operations.filter((operation) => operation.outcome === 'ok').sort((left, right) => left.returnIndex - right.returnIndex);
  for (const operation of completed) {
    const process = String(operation.process);
    const key = operation.key ?? '';
    const observed = observedValue(operation);
    if (observed.seen) {
      const source = sourceOf(key, observed.value);
      const observer = (guarantee === 'monotonic-writes' || guarantee === 'writes-follow-reads') && operation.node !== undefined ? operation.node : process;
      if (source !== undefined) {
        const obligation = obligations.get(`${observer}\u0000${key}`);
        if (obligation !== undefined) {
          let broken: [Operation, Operation] | undefined;
          if (obligation.required !== undefined && obligation.because !== undefined && (source === null || source.returnIndex < obligation.floorCall)) {
            broken = [obligation.required, obligation.because];
          } else if (source !== null && obligation.strict?.has(source.id) === true) {
            broken = obligation.strict.get(source.id);
          }
          if (broken !== undefined) {
            total++;
            if (violations.length < maxReported) violations.push(violation(guarantee, observer, operation, source, broken[0], broken[1]));
          }
        }
        if (source !== null) {
          if (guarantee === 'monotonic-reads') require(process, key, source, operation, false);
          if (guarantee === 'monotonic-writes' || guarantee === 'writes-follow-reads') {
            const before = sessionBefore.get(source.id);
            if (before !== undefined) {
              for (const [otherKey, required] of before) require(observer, otherKey, required, source, otherKey === key);
            }
          }
        }
        if (guarantee === 'writes-follow-reads' && source !== null) {
          let reads = lastReads.get(process);
          if (reads === undefined) lastReads.set(process, (reads = new Map()));
          const previous = reads.get(key);
          if (previous === undefined || source.callIndex > previous.callIndex) reads.set(key, source);
        }
      }
    }
    const written = writtenValue(operation);
    if (written !== undefined) {
      if (guarantee === 'read-your-writes') require(process, key, operation, operation, false);
      if (guarantee === 'monotonic-writes') {
        const writes = lastWrites.get(process);
        if (writes !== undefined && writes.size > 0) sessionBefore.set(operation.id, new Map(writes));
        let mine = writes;
        if (mine === undefined) lastWrites.set(process, (mine = new Map()));
        mine.set(key, operation);
      }
      if (guarantee === 'writes-follow-reads') {
        const reads = lastReads.get(process);
        if (reads !== undefined && reads.size > 0) sessionBefore.set(operation.id, new Map(reads));
      }
    }
  }
  if (total === 0) return { ...base, verdict: 'holds', stats };
  const counterexample: SessionCounterexample = { kind: 'session', guarantee, total, violations };
  return { ...base, verdict: 'violated', counterexample, stats };
}

/** The value an operation writes (write/put, or the new value of a successful or unknown cas). */
function writtenValue(operation: Operation): unknown {
  if (writeNames.has(operation.f)) return operation.input ?? operation.output ?? null;
  if (operation.f === 'cas' && Array.isArray(operation.input) && operation.input.length === 2) return operation.input[1];
  return undefined;
}

/** The value an operation observed: what a read returned, or what a successful cas compared against. */
function observedValue(operation: Operation): { seen: boolean; value: unknown } {
  if (readNames.has(operation.f)) return { seen: true, value: operation.output };
  if (operation.f === 'cas' && Array.isArray(operation.input) && operation.input.length === 2) return { seen: true, value: operation.input[0] };
  return { seen: false, value: undefined };
}

function describe(operation: Operation): string {
  return operation.line === undefined ? `at events[${operation.callIndex}]` : `at line ${operation.line}`;
}

function show(value: unknown): string {
  return value === null || value === undefined ? 'nil' : JSON.stringify(value);
}

function violation(guarantee: ConsistencyName, observer: string, read: Operation, source: Operation | null, required: Operation, because: Operation): SessionViolation {
  const saw = source === null ? 'the initial value' : `${show(writtenValue(source))}`;
  const needed = show(writtenValue(required));
  const who = `process ${String(read.process)}`;
  let explanation: string;
  switch (guarantee) {
    case 'read-your-writes':
      explanation = `${who} wrote ${needed} and later read ${saw}, which is older: it did not see its own write`;
      break;
    case 'monotonic-reads':
      explanation = `${who} read ${needed} and later read ${saw}, which is older: its reads went back in time`;
      break;
    case 'monotonic-writes':
      explanation = `${observer === String(read.process) ? who : `node ${observer}`} saw process ${String(because.process)}'s write ${show(writtenValue(because))} and later ${saw}, which is not newer than that process's earlier write ${needed}: the writes were applied out of order`;
      break;
    default:
      explanation = `process ${String(because.process)} read ${needed} before writing ${show(writtenValue(because))}; ${observer === String(read.process) ? who : `node ${observer}`} saw that write and later ${saw}, which is not newer than ${needed}: the write did not follow the read`;
  }
  return {
    guarantee,
    observer,
    ...(read.key === undefined ? {} : { key: read.key }),
    read: reportOperation(read),
    ...(source === null ? {} : { readFrom: reportOperation(source) }),
    required: reportOperation(required),
    because: reportOperation(because),
    explanation,
  };
}
