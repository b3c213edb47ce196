import type { Clock } from '../runtime/index.js';
import { systemRuntime } from '../runtime/index.js';

/** Where a progress line is drawn: a terminal (`isTTY`), or nothing is drawn at all. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Options of {@link Progress}. */
export interface ProgressOptions {
  /** What is being counted, after the count: `runs`, `seeds`, `% of operations`. */
  readonly unit: string;
  /** Where time comes from (the estimate of the time left). Default: the system clock. */
  readonly clock?: Clock;
  /** The least time between two redraws, in ms. Default 100. */
  readonly intervalMs?: number;
}

const barWidth = 24;
const eraseLine = '\r\u001b[K';

/**
 * A one-line progress display on a terminal: a bar, the count, and an estimate of the time left
 * from the pace so far; or a phase ("checking the history…") while no count moves. On anything
 * that is not a TTY (a pipe, a file, a test buffer) it writes nothing at all, so output that is
 * piped or captured never carries it.
 *
 * @example
 * ```ts
 * const progress = new Progress(process.stderr, { unit: 'runs' });
 * for (let done = 1; done <= total; done++) { work(); progress.update(done, total); }
 * progress.clear();
 * ```
 */
export class Progress {
  /** Whether anything is drawn (the stream is a TTY). */
  readonly enabled: boolean;
  private readonly stream: ProgressStream;
  private readonly clock: Clock;
  private readonly unit: string;
  private readonly intervalMs: number;
  private readonly startMs: number;
  private lastDrawMs = -Infinity;
  private shown = false;

  constructor(stream: ProgressStream, options: ProgressOptions) {
    this.stream = stream;
    this.enabled = stream.isTTY === true;
    this.clock = options.clock ?? systemRuntime().clock;
    this.unit = options.unit;
    this.intervalMs = options.intervalMs ?? 100;
    this.startMs = this.clock.monotonicMs();
  }

  /** Shows `done` of `total`, with the time left at the pace so far (redrawn at most every `intervalMs`, and always at the end). */
  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = this.clock.monotonicMs();
    if (done < total && now - this.lastDrawMs < this.intervalMs) return;
    this.lastDrawMs = now;
    const fraction = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(fraction * barWidth);
    const elapsedMs = now - this.startMs;
    const left = done === 0 ? 'estimating time left' : done >= total ? `done in ${formatDuration(elapsedMs)}` : `${formatDuration((elapsedMs / done) * (total - done))} left`;
    this.draw(`[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${this.unit} · ${Math.floor(fraction * 100)}% · ${left}`);
  }

  /** Shows what is being done when nothing can be counted (e.g. the checker reading a history). */
  phase(text: string): void {
    if (!this.enabled) return;
    this.lastDrawMs = this.clock.monotonicMs();
    this.draw(text);
  }

  /** Erases the line (call before writing the command's output). */
  clear(): void {
    if (!this.enabled || !this.shown) return;
    this.stream.write(eraseLine);
    this.shown = false;
  }

  private draw(line: string): void {
    this.stream.write(`${eraseLine}${line}`);
    this.shown = true;
  }
}

/**
 * A duration for people: `42s`, `3m 07s`, `2h 05m`.
 *
 * @example
 * ```ts
 * formatDuration(187_000); // '3m 07s'
 * ```
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
