import { type SimulateOptions, simulate } from './simulate.js';

/**
 * One seed of a `simulate` sweep, as plain data: the options of {@link simulate} without the
 * callbacks (a worker thread or a queue carries it), and the seed to run.
 *
 * @example
 * ```ts
 * const job: SimulateRunJob = { kind: 'simulate', options: { seed: 3, protocol: { kind: 'leaderless', n: 3, w: 1, r: 1 } } };
 * ```
 */
export interface SimulateRunJob {
  readonly kind: 'simulate';
  readonly options: Omit<SimulateOptions, 'trace' | 'onProgress' | 'onCheck' | 'keepHistory'>;
}

/** A run's verdict and headline figures: what a sweep keeps of each seed (never its history). */
export interface SimulateRunResult {
  readonly kind: 'simulate';
  readonly seed: number;
  readonly verdict: 'holds' | 'violated' | 'unknown';
  /** Why the verdict is not `holds`, one sentence each. */
  readonly findings: readonly string[];
  readonly operations: number;
  readonly availability: number;
  readonly staleReads: number;
  readonly readsChecked: number;
  readonly lostWrites: number;
  readonly acknowledgedWrites: number;
  readonly faults: number;
  /** The SHA-256 of the run's trace: equal on every machine for the same seed and options. */
  readonly traceSha256: string;
}

/**
 * Runs one seed of a simulate sweep and keeps its verdict and figures. Deterministic: the same job
 * gives the same result wherever it runs.
 *
 * @example
 * ```ts
 * simulateRun({ kind: 'simulate', options: { seed: 3, protocol: { kind: 'leaderless', n: 3, w: 1, r: 1 } } }).verdict;
 * ```
 */
export function simulateRun(job: SimulateRunJob): SimulateRunResult {
  const report = simulate({ ...job.options, hashTrace: true, keepHistory: false });
  return {
    kind: 'simulate',
    seed: report.seed,
    verdict: report.verdict,
    findings: report.findings,
    operations: report.totals.invoked,
    availability: report.totals.availability,
    staleReads: report.freshness.staleReads,
    readsChecked: report.freshness.readsChecked,
    lostWrites: report.freshness.lostWrites,
    acknowledgedWrites: report.freshness.acknowledgedWrites,
    faults: report.faultsInjected.length,
    traceSha256: report.traceSha256 ?? '',
  };
}
