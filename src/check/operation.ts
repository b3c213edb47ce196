import { InputError, type InputProblem } from '../errors.js';
import type { HistoryEvent } from './history.js';
import { eventSource } from './source-location.js';
import { canonicalKey } from './value-table.js';

/**
 * One operation of a history: an invocation paired with its completion.
 *
 * `outcome` is `ok` (it happened), `fail` (it certainly did not happen) or `unknown` (an `info`
 * completion, or no completion at all: it may have happened at any time after its call, or never).
 */
export interface Operation {
  /** Position of the operation in the history, in order of invocation (0-based). */
  readonly id: number;
  readonly process: number | string;
  readonly f: string;
  readonly key: string | undefined;
  /** The argument given at invocation (`null` for reads; `[expected, new]` for `cas`). */
  readonly input: unknown;
  /** The result of an `ok` completion (the value read); `undefined` when not `ok`. */
  readonly output: unknown;
  readonly outcome: 'ok' | 'fail' | 'unknown';
  /** Index of the invoke event in the history. */
  readonly callIndex: number;
  /** Index of the completion event; `Infinity` when the outcome is unknown (it returns "at +∞"). */
  readonly returnIndex: number;
  /** Index of the completion event, even for an `info` completion; `undefined` when there is none. */
  readonly completionIndex: number | undefined;
  readonly callTime: number | undefined;
  /** Time of the completion event (for `info` too), when the history has times. */
  readonly returnTime: number | undefined;
  /** Line of the invocation in the source file, when it was parsed from one. */
  readonly line: number | undefined;
  /** Line of the completion in the source file, when it was parsed from one. */
  readonly returnLine: number | undefined;
  /** The node (replica) that served it, from `meta.node` of the completion or the invocation. */
  readonly node: string | undefined;
  /**
   * A `cas` that completed `fail` with `meta.error` `"cas-mismatch"`: its compare saw a value other
   * than the expected one. That is information (a read of "anything but the expected value"), not
   * only a failure.
   */
  readonly casMismatch?: boolean;
}

/** Options of {@link pairOperations}. */
export interface PairOptions {
  /** The file name used in error messages when the events were not parsed from a file. */
  readonly file?: string;
}

/**
 * Pairs each invocation with its completion by the same process. Every process has at most one
 * operation in flight; a completion must match its invocation's `f` (and `key`). An invocation
 * that never completes has an unknown outcome. Events of the Jepsen nemesis (`process: "nemesis"`)
 * are skipped.
 *
 * @throws InputError naming the event (and its file and line when parsed) for a completion
 * without an invocation, a second invocation while one is in flight, or a mismatched completion.
 *
 * @example
 * ```ts
 * const operations = pairOperations([
 *   { process: 0, type: 'invoke', f: 'write', value: 1 },
 *   { process: 0, type: 'ok', f: 'write', value: 1 },
 * ]);
 * operations[0]?.outcome; // 'ok'
 * ```
 */
export function pairOperations(events: readonly HistoryEvent[], options: PairOptions = {}): Operation[] {
  const problems: InputProblem[] = [];
  const pending = new Map<number | string, { index: number; event: HistoryEvent; id: number }>();
  const operations: Array<Operation | undefined> = [];
  let nextId = 0;
  const locate = (index: number): Pick<InputProblem, 'file' | 'line' | 'path'> => {
    const event = events[index];
    const source = event === undefined ? undefined : eventSource(event);
    const file = source?.file ?? options.file;
    return {
      ...(file === undefined ? {} : { file }),
      ...(source === undefined ? { path: `events[${index}]` } : { line: source.line }),
    };
  };
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as HistoryEvent;
    if (event.process === 'nemesis' || event.process === ':nemesis') continue;
    if (event.type === 'invoke') {
      const previous = pending.get(event.process);
      if (previous !== undefined) {
        problems.push({
          ...locate(index),
          message: `process ${String(event.process)} invokes "${event.f}" while its "${previous.event.f}" invoked at ${describeAt(events, previous.index, options)} has not completed (a process runs one operation at a time; Jepsen gives a crashed process a new number)`,
        });
        continue;
      }
      const id = nextId++;
      operations.push(undefined);
      pending.set(event.process, { index, event, id });
      continue;
    }
    const call = pending.get(event.process);
    if (call === undefined) {
      problems.push({ ...locate(index), message: `process ${String(event.process)} completes "${event.f}" (${event.type}) but has no operation in flight` });
      continue;
    }
    if (call.event.f !== event.f) {
      problems.push({ ...locate(index), message: `process ${String(event.process)} completes "${event.f}" but invoked "${call.event.f}" at ${describeAt(events, call.index, options)}` });
      continue;
    }
    if (event.key !== undefined && call.event.key !== undefined && event.key !== call.event.key) {
      problems.push({ ...locate(index), message: `process ${String(event.process)} completes key ${JSON.stringify(event.key)} but invoked key ${JSON.stringify(call.event.key)}` });
      continue;
    }
    if (event.type === 'ok' && writesItsInput(event.f) && event.value !== null && event.value !== undefined && canonicalKey(event.value) !== canonicalKey(call.event.value ?? null)) {
      problems.push({ ...locate(index), message: `process ${String(event.process)} completes "${event.f}" with ${JSON.stringify(event.value)} but invoked it with ${JSON.stringify(call.event.value ?? null)} at ${describeAt(events, call.index, options)} (a write completes with the value it wrote)` });
      continue;
    }
    pending.delete(event.process);
    operations[call.id] = makeOperation(call.id, call.event, call.index, event, index);
  }
  if (problems.length > 0) throw new InputError(problems.slice(0, 50));
  for (const call of pending.values()) operations[call.id] = makeOperation(call.id, call.event, call.index, undefined, undefined);
  return operations as Operation[];
}

/** Operations whose `ok` completion repeats the value of their invocation. */
function writesItsInput(f: string): boolean {
  return f === 'write' || f === 'put' || f === 'cas';
}

function describeAt(events: readonly HistoryEvent[], index: number, options: PairOptions): string {
  const event = events[index];
  const source = event === undefined ? undefined : eventSource(event);
  if (source !== undefined) return `line ${source.line}`;
  return options.file === undefined ? `events[${index}]` : `events[${index}]`;
}

function makeOperation(id: number, call: HistoryEvent, callIndex: number, completion: HistoryEvent | undefined, completionIndex: number | undefined): Operation {
  const outcome = completion === undefined || completion.type === 'info' ? 'unknown' : completion.type === 'ok' ? 'ok' : 'fail';
  return {
    id,
    process: call.process,
    f: call.f,
    key: call.key ?? completion?.key,
    input: call.value ?? null,
    output: outcome === 'ok' ? (completion?.value ?? null) : undefined,
    outcome,
    callIndex,
    returnIndex: outcome === 'unknown' || completionIndex === undefined ? Number.POSITIVE_INFINITY : completionIndex,
    completionIndex,
    callTime: call.time,
    returnTime: completion?.time,
    line: eventSource(call)?.line,
    returnLine: completion === undefined ? undefined : eventSource(completion)?.line,
    node: nodeOf(completion) ?? nodeOf(call),
    ...(outcome === 'fail' && completion?.meta?.error === casMismatchError ? { casMismatch: true } : {}),
  };
}

/** The `meta.error` of a `cas` completion whose compare saw another value (the simulator writes it; the Jepsen readers set it on a `:fail :cas` without an error). */
export const casMismatchError = 'cas-mismatch';

function nodeOf(event: HistoryEvent | undefined): string | undefined {
  const node = event?.meta?.node;
  return typeof node === 'string' || typeof node === 'number' ? String(node) : undefined;
}
