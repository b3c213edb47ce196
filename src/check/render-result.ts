import type { CheckResult, EventReference, LinearizabilityCounterexample, OperationReport, SessionCounterexample } from './result.js';

/** Options of {@link renderCheckResult}. */
export interface RenderOptions {
  /** The history's name, shown first. */
  readonly file?: string;
  /** Use ANSI colour. Default false. */
  readonly color?: boolean;
  /** Add an ASCII timeline of the operations in the counterexample. Default false. */
  readonly timeline?: boolean;
  /** Most operations of the linearizable prefix to show (its end). Default 8. */
  readonly prefixOperations?: number;
}

const verdictText: Readonly<Record<CheckResult['verdict'], string>> = { holds: 'HOLDS', violated: 'VIOLATED', unknown: 'UNDECIDED' };

/**
 * A check result as text for people: the verdict, what was checked, and, when violated, the
 * counterexample with each operation's process, values, call and return (history index, line and
 * time when known), optionally with an ASCII timeline.
 *
 * @example
 * ```ts
 * process.stdout.write(renderCheckResult(checkHistory(events, { model: 'register' }), { file: 'h.jsonl', timeline: true }));
 * ```
 */
export function renderCheckResult(result: CheckResult, options: RenderOptions = {}): string {
  const paint = (code: string, text: string): string => (options.color === true ? `\u001b[${code}m${text}\u001b[0m` : text);
  const verdictColor = result.verdict === 'holds' ? '32;1' : result.verdict === 'violated' ? '31;1' : '33;1';
  const what = result.consistency === 'linearizable' ? 'linearizable' : result.consistency;
  const lines: string[] = [];
  const head = `${options.file === undefined ? '' : `${options.file}: `}${paint(verdictColor, verdictText[result.verdict])} ${what} (${result.model}, ${plural(result.operations, 'operation')}${removed(result)})`;
  lines.push(head);
  if (result.reason !== undefined) lines.push(`  ${result.reason}`);
  const counterexample = result.counterexample;
  if (counterexample?.kind === 'linearizability') lines.push(...renderLinearizability(counterexample, result, options));
  if (counterexample?.kind === 'session') lines.push(...renderSession(counterexample));
  if (result.algorithm !== undefined) lines.push(`  algorithm: ${result.algorithm.used}, ${result.algorithm.reason}`);
  const stats = result.stats;
  const searchRan = result.algorithm === undefined || result.algorithm.searchedKeys > 0 || stats.steps > 0;
  const searched = result.consistency === 'linearizable' && searchRan ? `${plural(stats.steps, 'search step')}, ${plural(stats.cacheEntries, 'state')}, ` : '';
  const partitions = stats.partitions > 1 ? `${stats.partitions} keys checked separately, ` : '';
  lines.push(paint('2', `  ${partitions}${searched}${formatMs(stats.elapsedMs)}`));
  return `${lines.join('\n')}\n`;
}

function removed(result: CheckResult): string {
  const parts: string[] = [];
  if (result.stats.failedOperations > 0) parts.push(`${result.stats.failedOperations} failed, removed`);
  if (result.stats.unknownOperations > 0) parts.push(`${result.stats.unknownOperations} with unknown outcome`);
  if (result.stats.droppedReads > 0) parts.push(`${plural(result.stats.droppedReads, 'unknown read')} ignored`);
  if ((result.stats.casMismatches ?? 0) > 0) parts.push(`${plural(result.stats.casMismatches ?? 0, 'compare-and-set')} that found another value`);
  if ((result.stats.nilReads ?? 0) > 0) parts.push(`${plural(result.stats.nilReads ?? 0, 'nil read')} matching any value`);
  return parts.length === 0 ? '' : `; ${parts.join(', ')}`;
}

function renderLinearizability(counterexample: LinearizabilityCounterexample, result: CheckResult, options: RenderOptions): string[] {
  const lines: string[] = [];
  const where = counterexample.key === undefined ? '' : ` on key ${JSON.stringify(counterexample.key)}`;
  const keys = result.violatedKeys !== undefined && result.violatedKeys.length > 1 ? ` (violated keys: ${result.violatedKeys.map((key) => JSON.stringify(key)).join(', ')})` : '';
  if (counterexample.partitionOperations === 1) {
    const of = counterexample.subsetOf === undefined ? where : ` (of the ${counterexample.subsetOf.toLocaleString('en-US')}${where})`;
    lines.push(`  This operation${of} fits in no state the ${result.model} can reach${keys}.`);
  } else if (counterexample.subsetOf !== undefined) {
    lines.push(`  No order of these ${counterexample.partitionOperations} operations (of the ${counterexample.subsetOf.toLocaleString('en-US')}${where}) respects both real time and the ${result.model}${keys}.`);
  } else {
    lines.push(`  No order of the ${counterexample.partitionOperations} operations${where} respects both real time and the ${result.model}${keys}.`);
  }
  if (counterexample.summary !== undefined) lines.push(`  Why: ${counterexample.summary}.`);
  const prefix = counterexample.prefix;
  lines.push(`  The longest linearizable prefix found orders ${prefix.length} of them and leaves ${typeof counterexample.stateAfterPrefix === 'object' && counterexample.stateAfterPrefix !== null ? 'the state' : 'the value'} at ${showValue(counterexample.stateAfterPrefix)}.`);
  const shown = options.prefixOperations ?? 8;
  if (prefix.length > 0) {
    lines.push(`  Its last ${Math.min(shown, prefix.length)}:`);
    if (prefix.length > shown) lines.push(`    ... ${prefix.length - shown} before`);
    for (const operation of prefix.slice(-shown)) lines.push(`    ${describeOperation(operation)}  ${describeTimes(operation)}`);
  }
  if (counterexample.deadline !== undefined) {
    lines.push(`  Next, before #${counterexample.deadline.id} returns (${describeReference(counterexample.deadline.return)}), one of these must be ordered, and none can:`);
  } else {
    lines.push('  None of these can be ordered next:');
  }
  for (const { operation, reason, detail } of counterexample.blocked) {
    lines.push(`    ${describeOperation(operation)}  ${describeTimes(operation)}`);
    lines.push(`      ${reason === 'not-allowed' ? 'not allowed' : 'dead end'}: ${detail}`);
  }
  if (options.timeline === true) {
    const operations = [...prefix.slice(-shown), ...counterexample.blocked.map((entry) => entry.operation)];
    lines.push('', ...renderTimeline(operations).map((line) => `  ${line}`));
  }
  return lines;
}

function renderSession(counterexample: SessionCounterexample): string[] {
  const lines: string[] = [`  ${plural(counterexample.total, 'violation')}${counterexample.total > counterexample.violations.length ? ` (the first ${counterexample.violations.length} shown)` : ''}:`];
  counterexample.violations.forEach((violation, index) => {
    lines.push(`  ${index + 1}. ${violation.explanation}${violation.key === undefined ? '' : ` (key ${JSON.stringify(violation.key)})`}`);
    lines.push(`     read:     ${describeOperation(violation.read)}  ${describeTimes(violation.read)}`);
    if (violation.readFrom !== undefined) lines.push(`     it saw:   ${describeOperation(violation.readFrom)}  ${describeTimes(violation.readFrom)}`);
    lines.push(`     required: ${describeOperation(violation.required)}  ${describeTimes(violation.required)}`);
    if (violation.because.id !== violation.required.id) lines.push(`     because:  ${describeOperation(violation.because)}  ${describeTimes(violation.because)}`);
  });
  return lines;
}

/**
 * One operation in a line: `#12 process 3 cas 1→2 (ok)`, `#4 process 0 get "x" → "ab"`.
 *
 * @example
 * ```ts
 * describeOperation(report); // '#7 process 1 read → 2'
 * ```
 */
export function describeOperation(operation: OperationReport): string {
  const key = operation.key === undefined ? '' : ` ${JSON.stringify(operation.key)}`;
  let body: string;
  if (operation.f === 'read' || operation.f === 'get') body = `${operation.f}${key} → ${operation.outcome === 'ok' ? showValue(operation.output) : '?'}`;
  else if (operation.f === 'cas' && Array.isArray(operation.input) && operation.input.length === 2) body = `cas${key} ${showValue(operation.input[0])}→${showValue(operation.input[1])}`;
  else body = `${operation.f}${key} ${showValue(operation.input)}`;
  const outcome = operation.outcome === 'unknown' ? ' (outcome unknown)' : operation.outcome === 'fail' ? ' (failed)' : '';
  return `#${operation.id} process ${String(operation.process)} ${body}${outcome}`;
}

function describeTimes(operation: OperationReport): string {
  const returned = operation.outcome === 'unknown' ? `${operation.return === undefined ? 'never returned' : `info ${describeReference(operation.return)}`}` : describeReference(operation.return);
  return `[called ${describeReference(operation.call)}, returned ${returned}]`;
}

function describeReference(reference: EventReference | undefined): string {
  if (reference === undefined) return 'never';
  const parts = [reference.line === undefined ? `event ${reference.index}` : `line ${reference.line}`];
  if (reference.time !== undefined) parts.push(`t=${reference.time}ms`);
  return parts.join(' ');
}

function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 28)}…${value.slice(-28)}` : value);
  if (typeof value === 'object' && !Array.isArray(value)) {
    return `{${Object.entries(value as Record<string, unknown>).map(([key, item]) => `${JSON.stringify(key)}: ${showValue(item)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * An ASCII timeline: one row per process, each operation a bar from its call to its return
 * (`>` when it never returned), scaled to the history positions of the operations shown.
 *
 * @example
 * ```ts
 * renderTimeline(operations).join('\n');
 * // process 0 |[write 1]-------|
 * // process 1 |      [read → nil]|
 * ```
 */
export function renderTimeline(operations: readonly OperationReport[], width = 72): string[] {
  if (operations.length === 0) return [];
  const start = Math.min(...operations.map((operation) => operation.call.index));
  const end = Math.max(...operations.map((operation) => (operation.outcome === 'unknown' || operation.return === undefined ? operation.call.index + 1 : operation.return.index))) + 1;
  const scale = (index: number): number => Math.min(width - 1, Math.floor(((index - start) / Math.max(1, end - start)) * width));
  const processes = [...new Set(operations.map((operation) => String(operation.process)))];
  const label = Math.max(...processes.map((process) => process.length));
  const rows: string[] = [`${' '.repeat(label + 9)}history position ${start} → ${end - 1}`];
  for (const process of processes) {
    const row = Array.from({ length: width }, () => ' ');
    for (const operation of operations.filter((candidate) => String(candidate.process) === process).sort((left, right) => left.call.index - right.call.index)) {
      const open = operation.outcome === 'unknown' || operation.return === undefined;
      const from = scale(operation.call.index);
      const text = describeOperation(operation).replace(/^#\d+ process \S+ /, '').replace(' (outcome unknown)', '?');
      // wide enough for its label where there is room
      const to = open ? width - 1 : Math.min(width - 1, Math.max(from + text.length + 1, scale(operation.return?.index ?? start)));
      for (let column = from; column <= to && column < width; column++) row[column] = '-';
      row[from] = '[';
      if (to < width) row[to] = open ? '>' : ']';
      for (let offset = 0; offset < text.length && from + 1 + offset < to; offset++) row[from + 1 + offset] = text[offset] as string;
    }
    rows.push(`process ${process.padStart(label)} |${row.join('')}|`);
  }
  return rows;
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

function formatMs(ms: number): string {
  return ms < 1 ? `${ms.toFixed(2)} ms` : ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
