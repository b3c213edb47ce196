import type { HistoryEvent } from '../check/history.js';
import type { CheckResult } from '../check/result.js';
import { type Operation, pairOperations } from '../check/operation.js';
import { formatReport } from '../replication/format-report.js';
import { createProtocol, simulate, type SimulateOptions, type SimulationReport } from '../replication/simulate.js';
import type { Fault } from '../sim/fault.js';
import { MessageLog } from '../sim/message-log.js';
import { writeReport } from './render-report.js';
import type { RunFault, RunMessages, RunOperations, RunReportData, RunSeries, RunView } from './run-report-data.js';

/** What a run view is made from: a simulation's report (with its history) and how it was asked for. */
export interface RunViewInput {
  readonly title: string;
  readonly report: SimulationReport;
  /** Nodes of the cluster (client addresses follow them). */
  readonly nodeCount: number;
  readonly replay?: string;
  /** Check results to take the violating operations from (default: the report's own check). */
  readonly checks?: readonly CheckResult[];
  /** Overrides of the report's verdict and findings (verify judges a run by its claim). */
  readonly verdict?: RunView['verdict'];
  readonly findings?: readonly string[];
  readonly messages?: MessageLog;
  /** Most operations drawn: a longer run is cut to a window around the failure, with a note. Default 50,000. */
  readonly maxOperations?: number;
  /** Include what `pacelc simulate` prints for the run. Default true. */
  readonly withText?: boolean;
}

/** Consecutive operations over which "recovered" is judged after a fault. */
export const recoveryStreak = 20;

/**
 * A simulated run as the report draws it: nodes and clients, fault windows with the recovery
 * after each, latency and availability over time, the operations (the violating ones named), and
 * the recorded messages.
 *
 * @example
 * ```ts
 * const view = runView({ title: 'leaderless N=5', report: simulate({ ... }), nodeCount: 5 });
 * ```
 */
export function runView(input: RunViewInput): RunView {
  const { report } = input;
  const history = report.history ?? [];
  const operations = pairOperations(history);
  const clients = report.workload.clients;
  const faults = faultViews(report, operations);
  const violating = violatingOperations(input.checks ?? (report.check === undefined ? [] : [report.check]));
  const maxOperations = input.maxOperations ?? 50_000;
  if (!(Number.isInteger(maxOperations) && maxOperations > 0)) throw new RangeError(`maxOperations must be a whole number > 0, received ${String(maxOperations)}`);
  let drawn: readonly Operation[] = operations;
  let sampleNote: string | undefined;
  if (operations.length > maxOperations) {
    const center = violating[0]?.id ?? 0;
    const start = Math.max(0, Math.min(operations.length - maxOperations, center - Math.floor(maxOperations / 2)));
    drawn = operations.slice(start, start + maxOperations);
    sampleNote = `This run has ${operations.length.toLocaleString('en-US')} operations: #${start.toLocaleString('en-US')} to #${(start + drawn.length - 1).toLocaleString('en-US')} are drawn on the timeline${violating.length > 0 ? ', around the failure' : ''}; the charts count them all.`;
  }
  const functions = new Map<string, number>();
  const keys = new Map<string, number>();
  const intern = (map: Map<string, number>, value: string): number => {
    let index = map.get(value);
    if (index === undefined) map.set(value, (index = map.size));
    return index;
  };
  const columns: RunOperations = { id: [], client: [], f: [], key: [], call: [], ret: [], outcome: [], node: [], value: [] };
  for (const operation of drawn) {
    columns.id.push(operation.id);
    columns.client.push(Number(operation.process) % clients);
    columns.f.push(intern(functions, operation.f));
    columns.key.push(intern(keys, operation.key ?? ''));
    columns.call.push(operation.callTime ?? 0);
    columns.ret.push(operation.outcome === 'unknown' ? -1 : (operation.returnTime ?? -1));
    columns.outcome.push(operation.outcome === 'ok' ? 0 : operation.outcome === 'fail' ? 1 : 2);
    const node = operation.node === undefined ? -1 : Number(operation.node);
    columns.node.push(Number.isInteger(node) && node >= 0 && node < input.nodeCount ? node : -1);
    columns.value.push(valueText(operation.outcome === 'ok' && (operation.f === 'read' || operation.f === 'get') ? operation.output : operation.input));
  }
  const withText = input.withText ?? true;
  return {
    title: input.title,
    seed: report.seed,
    verdict: input.verdict ?? report.verdict,
    findings: [...(input.findings ?? report.findings)],
    ...(input.replay === undefined ? {} : { replay: input.replay }),
    nodes: Array.from({ length: input.nodeCount }, (_, index) => `n${index}`),
    clients,
    workloadEndMs: report.workloadEndMs,
    endMs: report.endMs,
    faults,
    operations: columns,
    functions: [...functions.keys()],
    keys: [...keys.keys()],
    violating,
    series: series(operations, report.workloadEndMs),
    ...(input.messages === undefined ? {} : { messages: messageColumns(input.messages) }),
    operationCount: operations.length,
    ...(sampleNote === undefined ? {} : { sampleNote }),
    ...(withText ? { text: formatReport(report, { color: false, ...(input.replay === undefined ? {} : { replay: input.replay }) }) } : {}),
  };
}

/**
 * Where to record messages for the Lamport diagram: around the first violating operation's call,
 * else the first fault's start, else the start of the run.
 */
export function messageWindow(report: SimulationReport, checks?: readonly CheckResult[]): { fromMs: number; toMs: number } {
  return violationWindow(report.history ?? [], checks ?? (report.check === undefined ? [] : [report.check])) ?? windowAround(report.faultsInjected[0]?.atMs ?? 0);
}

/**
 * The message window around the first operation `checks` blame in `history`, or undefined when
 * they blame none: what {@link messageWindow} picks, from a run's history and checks alone
 * (verify keeps both for the run that refuted a claim, so that run need not be made again).
 *
 * @example
 * ```ts
 * const window = violationWindow(violation.history, violation.checks); // { fromMs, toMs } | undefined
 * ```
 */
export function violationWindow(history: readonly HistoryEvent[], checks: readonly CheckResult[]): { fromMs: number; toMs: number } | undefined {
  const violating = violatingOperations(checks);
  if (violating.length === 0) return undefined;
  return windowAround(pairOperations(history)[violating[0]?.id ?? 0]?.callTime ?? 0);
}

function windowAround(focusMs: number): { fromMs: number; toMs: number } {
  const fromMs = Math.max(0, focusMs - 60);
  return { fromMs, toMs: fromMs + 240 };
}

function faultViews(report: SimulationReport, operations: readonly Operation[]): RunFault[] {
  const byCall = [...operations].sort((left, right) => (left.callTime ?? 0) - (right.callTime ?? 0));
  const windows = report.faultWindows;
  const baseline = quietAvailability(operations, windows);
  return report.faultsInjected.map((scheduled, index) => {
    const window = windows[index];
    const startMs = window?.startMs ?? scheduled.atMs;
    const endMs = window?.endMs ?? (scheduled.durationMs === undefined ? report.workloadEndMs : scheduled.atMs + scheduled.durationMs);
    const nextStart = windows[index + 1]?.startMs ?? report.faultsInjected[index + 1]?.atMs ?? report.endMs;
    return {
      kind: scheduled.fault.kind,
      description: window?.description ?? scheduled.fault.kind,
      startMs,
      endMs,
      nodes: nodesTouched(scheduled.fault),
      ...(scheduled.fault.kind === 'partition' ? { groups: scheduled.fault.groups.map((group) => [...group]) } : {}),
      operations: window?.operations ?? 0,
      availability: window?.availability ?? 1,
      recoveryMs: recovery(byCall, endMs, Math.max(nextStart, endMs), baseline),
    };
  });
}

function nodesTouched(fault: Fault): number[] {
  switch (fault.kind) {
    case 'partition':
      return fault.groups.flat();
    case 'partition-one-way':
      return [...new Set([...fault.from, ...fault.to])];
    case 'isolate':
      return [fault.node];
    default:
      return [...fault.nodes];
  }
}

/**
 * See RunFault.recoveryMs: from the fault's end to the first operation, invoked after it, that
 * starts a run of {@link recoveryStreak} operations succeeding at least as often as operations do
 * outside every fault (the baseline, less 5 points); 0 when the first ones after the end already do.
 */
function recovery(byCall: readonly Operation[], endMs: number, untilMs: number, baseline: number): number | null {
  let low = 0;
  let high = byCall.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (((byCall[middle] as Operation).callTime ?? 0) < endMs) low = middle + 1;
    else high = middle;
  }
  let stop = low;
  while (stop < byCall.length && ((byCall[stop] as Operation).callTime ?? 0) < untilMs) stop++;
  const count = stop - low;
  if (count === 0) return 0;
  const size = Math.min(recoveryStreak, count);
  const needed = Math.ceil(size * Math.max(0, baseline - 0.05) - 1e-9);
  let ok = 0;
  for (let index = low; index < low + size; index++) if ((byCall[index] as Operation).outcome === 'ok') ok++;
  for (let first = low; first + size <= stop; first++) {
    if (ok >= needed) return first === low ? 0 : round(((byCall[first] as Operation).callTime ?? 0) - endMs);
    if ((byCall[first] as Operation).outcome === 'ok') ok--;
    const next = byCall[first + size];
    if (next !== undefined && first + size < stop && next.outcome === 'ok') ok++;
  }
  return null;
}

/** The share of operations invoked outside every fault window that succeeded (1 when there are none). */
function quietAvailability(operations: readonly Operation[], windows: ReadonlyArray<{ startMs: number; endMs: number }>): number {
  let invoked = 0;
  let ok = 0;
  for (const operation of operations) {
    const call = operation.callTime ?? 0;
    if (windows.some((window) => call >= window.startMs && call < window.endMs)) continue;
    invoked++;
    if (operation.outcome === 'ok') ok++;
  }
  return invoked === 0 ? 1 : ok / invoked;
}

function violatingOperations(checks: readonly CheckResult[]): Array<{ id: number; why: string }> {
  const found: Array<{ id: number; why: string }> = [];
  const seen = new Set<number>();
  const add = (id: number, why: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    found.push({ id, why });
  };
  for (const check of checks) {
    const counterexample = check.counterexample;
    if (counterexample?.kind === 'linearizability') {
      if (counterexample.deadline !== undefined) add(counterexample.deadline.id, `${check.consistency}: the search for an order fails before this operation returns`);
      for (const entry of counterexample.blocked) add(entry.operation.id, `${check.consistency}: cannot come next: ${entry.detail}`);
    } else if (counterexample?.kind === 'session') {
      for (const violation of counterexample.violations) add(violation.read.id, `${violation.guarantee}: ${violation.explanation}`);
    }
  }
  return found;
}

function series(operations: readonly Operation[], workloadEndMs: number): RunSeries {
  const span = Math.max(1, workloadEndMs);
  const bucketMs = niceBucket(span / 150);
  const buckets = Math.max(1, Math.ceil(span / bucketMs));
  const invoked = new Array<number>(buckets).fill(0);
  const ok = new Array<number>(buckets).fill(0);
  const latencies: number[][] = Array.from({ length: buckets }, () => []);
  const completedOk = new Array<number>(buckets).fill(0);
  const bucketOf = (time: number): number => Math.min(buckets - 1, Math.max(0, Math.floor(time / bucketMs)));
  for (const operation of operations) {
    const call = operation.callTime ?? 0;
    invoked[bucketOf(call)]!++;
    if (operation.outcome === 'ok') {
      ok[bucketOf(call)]!++;
      const returned = operation.returnTime ?? call;
      const bucket = bucketOf(returned);
      completedOk[bucket]!++;
      latencies[bucket]!.push(returned - call);
    }
  }
  const quantile = (values: number[], q: number): number | null => {
    if (values.length === 0) return null;
    values.sort((left, right) => left - right);
    return round(values[Math.min(values.length - 1, Math.floor(q * values.length))] as number);
  };
  return {
    bucketMs,
    t: Array.from({ length: buckets }, (_, index) => index * bucketMs),
    availability: invoked.map((count, index) => (count === 0 ? null : round((ok[index] as number) / count))),
    p50Ms: latencies.map((values) => quantile(values, 0.5)),
    p99Ms: latencies.map((values) => quantile(values, 0.99)),
    throughput: completedOk.map((count) => round((count * 1000) / bucketMs)),
  };
}

function messageColumns(log: MessageLog): RunMessages {
  const columns: RunMessages = { fromMs: log.fromMs, toMs: Number.isFinite(log.toMs) ? log.toMs : -1, notKept: log.notKept, from: [], to: [], sentMs: [], arrivedMs: [], dropped: [], label: [] };
  for (const message of log.messages) {
    columns.from.push(message.from);
    columns.to.push(message.to);
    columns.sentMs.push(round(message.sentMs));
    columns.arrivedMs.push(message.arrivedMs === undefined ? -1 : round(message.arrivedMs));
    columns.dropped.push(message.dropped ?? '');
    columns.label.push(message.label);
  }
  return columns;
}

function niceBucket(raw: number): number {
  for (const step of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000]) if (step >= raw) return step;
  return 60_000 * Math.ceil(raw / 60_000);
}

function valueText(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** What `pacelc simulate --html` knows: the options of the run it made, its report and its replay command. */
export interface SimulateReportInput {
  readonly options: SimulateOptions;
  readonly report: SimulationReport;
  readonly replay: string;
  /** The message window to record; default: {@link messageWindow}. */
  readonly messages?: { readonly fromMs: number; readonly toMs: number };
}

/**
 * Writes the report of one simulated run. The run is made again (the same seed and options give
 * the same run, byte for byte) with its messages recorded in a window around the violation (or the
 * first fault): the first run never pays for recording. Returns the file's size in bytes.
 *
 * @example
 * ```ts
 * writeSimulateReport('run.html', { options, report: simulate(options), replay: 'pacelc simulate --seed 7' });
 * ```
 */
export function writeSimulateReport(path: string, input: SimulateReportInput): number {
  const window = input.messages ?? messageWindow(input.report);
  const messages = new MessageLog({ ...window, maxMessages: 2_000 });
  const { trace: _trace, hashTrace: _hashTrace, onProgress: _onProgress, onCheck: _onCheck, ...options } = input.options;
  const report = simulate({ ...options, keepHistory: true, messageLog: messages });
  const text = formatReport(report, { color: false, replay: input.replay });
  const title = (text.split('\n')[0] ?? '').replace(/^pacelc simulate: /, '');
  const view = runView({ title, report, nodeCount: createProtocol(input.options.protocol).nodeCount, replay: input.replay, messages });
  const verdict = report.verdict === 'holds' ? 'the claim holds' : report.verdict === 'violated' ? 'the claim is refuted' : 'undecided';
  return writeReport(path, { title: `simulate: seed ${report.seed}`, kind: 'run', subtitle: `${verdict}: ${title}`, data: { kind: 'simulate', verdict: report.verdict, run: view } satisfies RunReportData });
}
