import { basename } from 'node:path';
import type { HistoryEvent } from '../check/history.js';
import type { ModelName } from '../check/model.js';
import { type Operation, pairOperations } from '../check/operation.js';
import { partialLinearizations } from '../check/partial-linearizations.js';
import { renderCheckResult } from '../check/render-result.js';
import type { CheckResult, LinearizabilityCounterexample, SessionCounterexample } from '../check/result.js';
import type { CheckReportData, CheckReportOperations, LinearizabilityExplanation, SessionExplanation } from './check-report-data.js';
import { writeReport } from './render-report.js';

/** What the check was asked, so the report can explain its verdict the same way. */
export interface CheckReportOptions {
  /** The history file's name, as given on the command line. */
  readonly file: string;
  readonly model: ModelName;
  readonly initial?: unknown;
  readonly nilReadsMatchAny?: boolean;
  /**
   * Most operations drawn: a larger history is sampled (whole keys, the failing one first; or,
   * with one key, a window around the failure) and the page says so. Default 200,000.
   */
  readonly maxDrawnOperations?: number;
  /** Most search steps spent finding the partial linearizations of the failing key. Default 1,000,000. */
  readonly maxExplainSteps?: number;
}

const defaultMaxDrawn = 200_000;
const maxValueText = 160;

/**
 * The data of a check report: every operation as a bar from call to return, per key and per
 * client, and for a failed check what the checker knows: the longest partial linearizations,
 * the operation where the search fails, and the state each linearization reached.
 *
 * @example
 * ```ts
 * const data = checkReportData(events, checkHistory(events, { model: 'register' }), { file: 'h.jsonl', model: 'register' });
 * ```
 */
export function checkReportData(events: readonly HistoryEvent[], result: CheckResult, options: CheckReportOptions): CheckReportData {
  const maxDrawn = options.maxDrawnOperations ?? defaultMaxDrawn;
  if (!(Number.isInteger(maxDrawn) && maxDrawn > 0)) throw new RangeError(`maxDrawnOperations must be a whole number > 0, received ${String(maxDrawn)}`);
  const all = pairOperations(events, { file: options.file });
  const explanation = explain(all, result, options);
  const focusIds = explanation === undefined ? [] : explanationIds(explanation);
  const { drawn, note } = sample(all, maxDrawn, focusIds);
  const timed = drawn.every((operation) => operation.callTime !== undefined && (operation.outcome === 'unknown' || operation.returnTime !== undefined));
  const processes = new Interner();
  const keys = new Interner();
  const functions = new Interner();
  const columns: CheckReportOperations = { id: [], process: [], key: [], f: [], call: [], ret: [], outcome: [], input: [], output: [], line: [] };
  let axisEnd = 0;
  for (const operation of drawn) {
    const call = timed ? (operation.callTime as number) : operation.callIndex;
    const returned = operation.outcome === 'unknown' ? -1 : timed ? (operation.returnTime as number) : (operation.completionIndex ?? -1);
    columns.id.push(operation.id);
    columns.process.push(processes.intern(String(operation.process)));
    columns.key.push(keys.intern(operation.key ?? ''));
    columns.f.push(functions.intern(operation.f));
    columns.call.push(call);
    columns.ret.push(returned);
    columns.outcome.push(operation.outcome === 'ok' ? 0 : operation.outcome === 'fail' ? 1 : 2);
    columns.input.push(valueText(operation.input));
    columns.output.push(operation.outcome === 'ok' ? valueText(operation.output) : '');
    columns.line.push(operation.line ?? 0);
    axisEnd = Math.max(axisEnd, call, returned, timed ? (operation.returnTime ?? 0) : (operation.completionIndex ?? 0));
  }
  return {
    file: options.file,
    verdict: result.verdict,
    model: result.model,
    consistency: result.consistency,
    operationCount: all.length,
    drawnCount: drawn.length,
    ...(note === undefined ? {} : { sampleNote: note }),
    axis: timed ? 'ms' : 'event',
    axisEnd,
    processes: processes.values,
    keys: keys.values,
    functions: functions.values,
    operations: columns,
    facts: facts(result),
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    ...(result.violatedKeys === undefined ? {} : { violatedKeys: [...result.violatedKeys] }),
    ...(explanation === undefined ? {} : { explanation }),
  };
}

/**
 * Writes the check report to `path`: one self-contained HTML file. Returns its size in bytes and
 * how many operations it draws.
 *
 * @example
 * ```ts
 * writeCheckReport('out.html', events, result, { file: 'h.jsonl', model: 'register' });
 * ```
 */
export function writeCheckReport(path: string, events: readonly HistoryEvent[], result: CheckResult, options: CheckReportOptions): { bytes: number; drawn: number; operations: number } {
  const data = checkReportData(events, result, options);
  const verdict = result.verdict === 'holds' ? 'holds' : result.verdict === 'violated' ? 'violated' : 'undecided';
  const text = renderCheckResult(result, { file: options.file });
  const bytes = writeReport(path, {
    title: `check: ${basename(options.file)}`,
    kind: 'check',
    subtitle: `${verdict}: ${result.consistency}, ${result.model} model, ${result.operations.toLocaleString('en-US')} operations`,
    data: { ...data, text: text.trimEnd() },
  });
  return { bytes, drawn: data.drawnCount, operations: data.operationCount };
}

function explain(operations: readonly Operation[], result: CheckResult, options: CheckReportOptions): LinearizabilityExplanation | SessionExplanation | undefined {
  const counterexample = result.counterexample;
  if (counterexample === undefined) return undefined;
  if (counterexample.kind === 'session') return explainSession(counterexample);
  return explainLinearizability(operations, counterexample, options);
}

function explainLinearizability(operations: readonly Operation[], counterexample: LinearizabilityCounterexample, options: CheckReportOptions): LinearizabilityExplanation {
  const maxSteps = options.maxExplainSteps ?? 1_000_000;
  const found = partialLinearizations(operations, {
    model: options.model,
    ...(counterexample.key === undefined ? {} : { key: counterexample.key }),
    ...(options.initial === undefined ? {} : { initial: options.initial }),
    ...(options.nilReadsMatchAny === true ? { nilReadsMatchAny: true } : {}),
    maxSteps,
  });
  let partials = found.partials.map((partial) => ({ operations: [...partial.operations], states: partial.states.map(valueText) }));
  let note = found.exhausted === undefined ? undefined : `The search for partial linearizations stopped after ${maxSteps.toLocaleString('en-US')} steps: these are the ones it found by then.`;
  const longestContaining: Record<string, number> = {};
  for (const [id, index] of Object.entries(found.longestContaining)) longestContaining[id] = index;
  if (partials.length === 0 && counterexample.prefix.length > 0) {
    // Keep at least the checker's own longest prefix (its states along the way are not known).
    partials = [{ operations: counterexample.prefix.map((operation) => operation.id), states: counterexample.prefix.map((_, index) => (index === counterexample.prefix.length - 1 ? valueText(counterexample.stateAfterPrefix) : '')) }];
    for (const operation of counterexample.prefix) longestContaining[String(operation.id)] = 0;
    note ??= 'Only the checker’s longest prefix is shown.';
  }
  return {
    kind: 'linearizability',
    ...(counterexample.key === undefined ? {} : { key: counterexample.key }),
    ...(counterexample.summary === undefined ? {} : { summary: counterexample.summary }),
    partitionOperations: counterexample.partitionOperations,
    ...(counterexample.subsetOf === undefined ? {} : { subsetOf: counterexample.subsetOf }),
    prefix: counterexample.prefix.map((operation) => operation.id),
    stateAfterPrefix: valueText(counterexample.stateAfterPrefix),
    blocked: counterexample.blocked.map((entry) => ({ id: entry.operation.id, reason: entry.reason, detail: entry.detail })),
    ...(counterexample.deadline === undefined ? {} : { deadline: counterexample.deadline.id }),
    partials,
    longestContaining,
    ...(note === undefined ? {} : { partialsNote: note }),
  };
}

function explainSession(counterexample: SessionCounterexample): SessionExplanation {
  return {
    kind: 'session',
    guarantee: counterexample.guarantee,
    total: counterexample.total,
    violations: counterexample.violations.map((violation) => ({
      observer: violation.observer,
      ...(violation.key === undefined ? {} : { key: violation.key }),
      read: violation.read.id,
      ...(violation.readFrom === undefined ? {} : { readFrom: violation.readFrom.id }),
      required: violation.required.id,
      because: violation.because.id,
      explanation: violation.explanation,
    })),
  };
}

function explanationIds(explanation: LinearizabilityExplanation | SessionExplanation): number[] {
  if (explanation.kind === 'session') return explanation.violations.flatMap((violation) => [violation.read, violation.required, violation.because, ...(violation.readFrom === undefined ? [] : [violation.readFrom])]);
  return [...(explanation.deadline === undefined ? [] : [explanation.deadline]), ...explanation.blocked.map((entry) => entry.id), ...explanation.prefix];
}

/**
 * At most `limit` operations. With several keys: whole keys (a lane with holes would mislead),
 * those of the explanation first, then in order of first appearance. With one key: a window of
 * consecutive operations around the failure.
 */
function sample(operations: readonly Operation[], limit: number, focusIds: readonly number[]): { drawn: readonly Operation[]; note?: string } {
  if (operations.length <= limit) return { drawn: operations };
  const byKey = new Map<string, Operation[]>();
  for (const operation of operations) {
    const key = operation.key ?? '';
    let list = byKey.get(key);
    if (list === undefined) byKey.set(key, (list = []));
    list.push(operation);
  }
  const total = operations.length.toLocaleString('en-US');
  if (byKey.size > 1) {
    const focusKeys = new Set(focusIds.map((id) => operations[id]?.key ?? ''));
    const order = [...byKey.keys()].sort((left, right) => Number(focusKeys.has(right)) - Number(focusKeys.has(left)));
    const chosen: Operation[][] = [];
    let count = 0;
    for (const key of order) {
      const list = byKey.get(key) as Operation[];
      if (chosen.length > 0 && count + list.length > limit) continue;
      chosen.push(list);
      count += list.length;
    }
    const drawn = chosen.flat().sort((left, right) => left.id - right.id).slice(0, limit);
    return { drawn, note: `This history has ${total} operations on ${byKey.size.toLocaleString('en-US')} keys, too many to draw at once: ${drawn.length.toLocaleString('en-US')} operations on ${chosen.length.toLocaleString('en-US')} keys are drawn (whole keys${focusKeys.size > 0 ? ', the failing one first' : ''}).` };
  }
  const center = focusIds.length > 0 ? Math.min(...focusIds) : 0;
  const start = Math.max(0, Math.min(operations.length - limit, center - Math.floor(limit / 2)));
  const drawn = operations.slice(start, start + limit);
  return { drawn, note: `This history has ${total} operations, too many to draw at once: operations #${start.toLocaleString('en-US')} to #${(start + drawn.length - 1).toLocaleString('en-US')} are drawn${focusIds.length > 0 ? ', around the failure' : ''}.` };
}

function facts(result: CheckResult): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['verdict', result.verdict === 'unknown' ? 'undecided' : result.verdict],
    ['consistency', result.consistency],
    ['model', result.model],
    ['operations', result.operations.toLocaleString('en-US')],
  ];
  if (result.algorithm !== undefined) rows.push(['algorithm', `${result.algorithm.used}: ${result.algorithm.reason}`]);
  const stats = result.stats;
  rows.push(['keys checked', stats.partitions.toLocaleString('en-US')]);
  if (stats.steps > 0) rows.push(['search steps', stats.steps.toLocaleString('en-US')]);
  if (stats.failedOperations > 0) rows.push(['failed operations (removed)', stats.failedOperations.toLocaleString('en-US')]);
  if (stats.unknownOperations > 0) rows.push(['operations with unknown outcome', stats.unknownOperations.toLocaleString('en-US')]);
  if (stats.droppedReads > 0) rows.push(['unknown reads (ignored)', stats.droppedReads.toLocaleString('en-US')]);
  return rows;
}

/** A value as short JSON text for the page (the hover shows it; a huge value is cut). */
function valueText(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > maxValueText ? `${text.slice(0, maxValueText - 1)}…` : text;
}

class Interner {
  readonly values: string[] = [];
  private readonly indexes = new Map<string, number>();
  intern(value: string): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indexes.set(value, index);
    }
    return index;
  }
}
