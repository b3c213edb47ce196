import { canonicalKey } from './value-table.js';
import type { HistoryEvent } from './history.js';
import { type Operation, pairOperations } from './operation.js';
import { type OperationReport, reportOperation } from './result.js';

/** Options of {@link measureStaleness}. */
export interface StalenessOptions {
  /** The value every key starts with. Default `null` (no value). */
  readonly initial?: unknown;
  /** How many of the stalest reads to keep in the report. Default 10. */
  readonly worst?: number;
}

/** One read that returned a value older than the last acknowledged write. */
export interface StaleRead {
  readonly read: OperationReport;
  /** The write it read from; absent when it read the initial value. */
  readonly readFrom?: OperationReport;
  /** The last write acknowledged before the read began. */
  readonly latest: OperationReport;
  /** How many acknowledged writes the read missed (acknowledged after the one it saw, before it began). */
  readonly versionsBehind: number;
  /** How long the value it returned had been superseded when the read began (needs event times). */
  readonly stalenessMs?: number;
}

/** Percentiles of a distribution. */
export interface Distribution {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** What {@link measureStaleness} found. */
export interface StalenessReport {
  /** Successful reads measured. */
  readonly reads: number;
  readonly staleReads: number;
  /** staleReads / reads (0 when there are no reads). */
  readonly staleFraction: number;
  /** Versions behind, over the stale reads (absent when there are none). */
  readonly versionsBehind?: Distribution;
  /** Staleness in ms, over the stale reads (absent without times or stale reads). */
  readonly stalenessMs?: Distribution;
  /** Reads of a value that no write wrote (and that is not the initial value): not measurable, and suspicious. */
  readonly readsOfUnwrittenValues: number;
  /** The stalest reads, most versions behind first. */
  readonly worst: readonly StaleRead[];
}

/**
 * Measures bounded staleness: for every successful read, the last write (of its key) acknowledged
 * before the read began, and how far behind the read was: in versions (acknowledged writes it
 * missed, in acknowledgement order) and in milliseconds (how long the value it returned had been
 * superseded). Written values must be unique per key for a read to name its write; a read that saw
 * a write still in flight is fresh.
 *
 * @example
 * ```ts
 * const report = measureStaleness(history);
 * console.log(`${report.staleReads} of ${report.reads} reads were stale, up to ${report.versionsBehind?.max ?? 0} versions behind`);
 * ```
 */
export function measureStaleness(events: readonly HistoryEvent[], options: StalenessOptions = {}): StalenessReport {
  const operations = pairOperations(events);
  const initialKey = canonicalKey(options.initial ?? null);
  const worstCount = options.worst ?? 10;
  // per key: acknowledged writes in acknowledgement order, and writes by value
  const acknowledged = new Map<string, Operation[]>();
  const byValue = new Map<string, Map<string, Operation>>();
  for (const operation of operations) {
    const written = writtenValue(operation);
    if (written === undefined || operation.outcome === 'fail') continue;
    const key = operation.key ?? '';
    let values = byValue.get(key);
    if (values === undefined) byValue.set(key, (values = new Map()));
    values.set(canonicalKey(written), operation);
    if (operation.outcome === 'ok') {
      let list = acknowledged.get(key);
      if (list === undefined) acknowledged.set(key, (list = []));
      list.push(operation);
    }
  }
  for (const list of acknowledged.values()) list.sort((left, right) => left.returnIndex - right.returnIndex);
  const position = new Map<Operation, number>();
  for (const list of acknowledged.values()) list.forEach((operation, index) => position.set(operation, index));

  let reads = 0;
  let unwritten = 0;
  const stale: StaleRead[] = [];
  for (const operation of operations) {
    if (operation.outcome !== 'ok' || (operation.f !== 'read' && operation.f !== 'get')) continue;
    reads++;
    const key = operation.key ?? '';
    const list = acknowledged.get(key) ?? [];
    const before = countBefore(list, operation.callIndex);
    if (before === 0) continue;
    const canonical = canonicalKey(operation.output);
    const source = byValue.get(key)?.get(canonical);
    if (source === undefined && canonical !== initialKey) {
      unwritten++;
      continue;
    }
    const sourcePosition = source === undefined ? -1 : position.get(source);
    if (sourcePosition === undefined || sourcePosition >= before - 1) continue; // in flight, or the latest
    const latest = list[before - 1] as Operation;
    const superseding = list[sourcePosition + 1] as Operation;
    const stalenessMs = operation.callTime !== undefined && superseding.returnTime !== undefined ? operation.callTime - superseding.returnTime : undefined;
    stale.push({
      read: reportOperation(operation),
      ...(source === undefined ? {} : { readFrom: reportOperation(source) }),
      latest: reportOperation(latest),
      versionsBehind: before - 1 - sourcePosition,
      ...(stalenessMs === undefined ? {} : { stalenessMs }),
    });
  }
  const versions = stale.map((entry) => entry.versionsBehind);
  const times = stale.flatMap((entry) => (entry.stalenessMs === undefined ? [] : [entry.stalenessMs]));
  const worst = [...stale].sort((left, right) => right.versionsBehind - left.versionsBehind || (right.stalenessMs ?? 0) - (left.stalenessMs ?? 0)).slice(0, worstCount);
  return {
    reads,
    staleReads: stale.length,
    staleFraction: reads === 0 ? 0 : stale.length / reads,
    ...(versions.length === 0 ? {} : { versionsBehind: distribution(versions) }),
    ...(times.length === 0 ? {} : { stalenessMs: distribution(times) }),
    readsOfUnwrittenValues: unwritten,
    worst,
  };
}

/** How many writes in `list` (sorted by return index) returned before `index`. */
function countBefore(list: readonly Operation[], index: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle] as Operation).returnIndex < index) low = middle + 1;
    else high = middle;
  }
  return low;
}

function writtenValue(operation: Operation): unknown {
  if (operation.f === 'write' || operation.f === 'put') return operation.input ?? operation.output ?? null;
  if (operation.f === 'cas' && Array.isArray(operation.input) && operation.input.length === 2) return operation.input[1];
  return undefined;
}

function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((left, right) => left - right);
  const at = (quantile: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] as number;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] as number };
}
