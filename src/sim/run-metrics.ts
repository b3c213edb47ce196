import { LatencyHistogram, type LatencySummary } from './latency-histogram.js';

/**
 * A fault window and how the system fared during it.
 *
 * @example
 * ```ts
 * for (const window of report.faultWindows) console.log(window.description, window.availability);
 * ```
 */
export interface FaultWindowReport {
  readonly description: string;
  readonly startMs: number;
  /** When it ended (the heal, restart...), or the end of the workload. */
  readonly endMs: number;
  /** Operations invoked during the window. */
  readonly operations: number;
  readonly ok: number;
  /** ok / operations (1 when no operation was invoked). */
  readonly availability: number;
}

/**
 * Counts and latencies per operation type.
 *
 * @example
 * ```ts
 * report.operations.write?.latency.p99Ms;
 * ```
 */
export interface OperationStats {
  readonly invoked: number;
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
  /** Latency of the successful ones. */
  readonly latency: LatencySummary;
}

interface Window {
  readonly description: string;
  readonly startMs: number;
  endMs: number;
  operations: number;
  ok: number;
  open: boolean;
}

/**
 * Latency (HDR-style histogram per operation type), outcomes, availability overall and per fault
 * window, and throughput — in memory bounded by the number of operation types and faults.
 *
 * @example
 * ```ts
 * const metrics = new RunMetrics();
 * const windows = metrics.invoked('write', 0);
 * metrics.completed('write', 'ok', 0, 3.5, windows);
 * metrics.operations().write?.latency.p50Ms; // ≈ 3.5
 * ```
 */
export class RunMetrics {
  private readonly byOperation = new Map<string, { invoked: number; ok: number; fail: number; info: number; histogram: LatencyHistogram }>();
  private readonly windows: Window[] = [];
  private readonly openWindows: number[] = [];
  private firstInvokeMs = Infinity;
  private lastCompleteMs = 0;

  /** An operation began; returns the fault windows open now (pass them to {@link completed}). */
  invoked(f: string, nowMs: number): readonly number[] | undefined {
    this.statsOf(f).invoked++;
    if (nowMs < this.firstInvokeMs) this.firstInvokeMs = nowMs;
    if (this.openWindows.length === 0) return undefined;
    for (const index of this.openWindows) (this.windows[index] as Window).operations++;
    return [...this.openWindows];
  }

  completed(f: string, type: 'ok' | 'fail' | 'info', invokeMs: number, completeMs: number, windows: readonly number[] | undefined): void {
    const stats = this.statsOf(f);
    stats[type]++;
    if (completeMs > this.lastCompleteMs) this.lastCompleteMs = completeMs;
    if (type !== 'ok') return;
    stats.histogram.record(completeMs - invokeMs);
    if (windows !== undefined) for (const index of windows) (this.windows[index] as Window).ok++;
  }

  /** A fault began; returns its window's index. */
  faultStarted(description: string, nowMs: number): number {
    this.windows.push({ description, startMs: nowMs, endMs: Infinity, operations: 0, ok: 0, open: true });
    const index = this.windows.length - 1;
    this.openWindows.push(index);
    return index;
  }

  faultEnded(index: number, nowMs: number): void {
    const window = this.windows[index];
    if (window === undefined || !window.open) return;
    window.open = false;
    window.endMs = nowMs;
    this.openWindows.splice(this.openWindows.indexOf(index), 1);
  }

  /** Closes the windows still open (at the end of the workload). */
  closeAll(nowMs: number): void {
    for (const index of [...this.openWindows]) this.faultEnded(index, nowMs);
  }

  operations(): Record<string, OperationStats> {
    const result: Record<string, OperationStats> = {};
    for (const [f, stats] of [...this.byOperation].sort(([a], [b]) => a.localeCompare(b))) {
      result[f] = { invoked: stats.invoked, ok: stats.ok, fail: stats.fail, info: stats.info, latency: stats.histogram.summary() };
    }
    return result;
  }

  faultWindows(): FaultWindowReport[] {
    return this.windows.map((window) => ({
      description: window.description,
      startMs: round(window.startMs),
      endMs: round(window.endMs),
      operations: window.operations,
      ok: window.ok,
      availability: window.operations === 0 ? 1 : window.ok / window.operations,
    }));
  }

  /** Totals over every operation type. */
  totals(): { invoked: number; ok: number; fail: number; info: number; availability: number; durationMs: number; throughputPerSecond: number } {
    let invoked = 0;
    let ok = 0;
    let fail = 0;
    let info = 0;
    for (const stats of this.byOperation.values()) {
      invoked += stats.invoked;
      ok += stats.ok;
      fail += stats.fail;
      info += stats.info;
    }
    const durationMs = this.firstInvokeMs === Infinity ? 0 : this.lastCompleteMs - this.firstInvokeMs;
    return { invoked, ok, fail, info, availability: invoked === 0 ? 1 : ok / invoked, durationMs: round(durationMs), throughputPerSecond: durationMs === 0 ? 0 : round((ok * 1000) / durationMs) };
  }

  private statsOf(f: string): { invoked: number; ok: number; fail: number; info: number; histogram: LatencyHistogram } {
    let stats = this.byOperation.get(f);
    if (stats === undefined) {
      stats = { invoked: 0, ok: 0, fail: 0, info: 0, histogram: new LatencyHistogram() };
      this.byOperation.set(f, stats);
    }
    return stats;
  }
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value;
}
