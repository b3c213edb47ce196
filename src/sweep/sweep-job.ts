import { type SimulateRunJob, type SimulateRunResult, simulateRun } from '../replication/simulate-run.js';
import { type VerifyRunJob, type VerifyRunResult, verifyRun } from '../verify/verify-run.js';
import type { WorldRunJob } from '../world/world-run-job.js';
import type { WorldRunResult } from '../world/run-world.js';

/** A seed job of either command: plain data, so a worker thread or a queue can carry it. */
export type SweepJob = VerifyRunJob | SimulateRunJob | WorldRunJob;

/** What a seed job gives back: plain data, never a history. */
export type SweepResult = VerifyRunResult | SimulateRunResult | WorldRunResult;

/** The result type of a job type. */
export type ResultOf<Job extends SweepJob> = Job extends VerifyRunJob ? VerifyRunResult : Job extends WorldRunJob ? WorldRunResult : SimulateRunResult;

/**
 * Runs one seed job where it is (the main thread, a worker thread, a queue worker): the single
 * function every way of running a sweep calls, which is why the way never changes the result.
 *
 * @example
 * ```ts
 * const result = runSweepJob({ kind: 'simulate', options: { seed: 3, protocol: { kind: 'leaderless', n: 3, w: 2, r: 2 } } });
 * ```
 */
export function runSweepJob<Job extends SweepJob>(job: Job): ResultOf<Job> {
  switch (job.kind) {
    case 'verify':
      return verifyRun({ ...job, keepHistory: false }) as ResultOf<Job>;
    case 'simulate':
      return simulateRun(job) as ResultOf<Job>;
    case 'world':
      throw new RangeError('a world job runs asynchronously: use runSweepJobAsync');
    default:
      throw new RangeError(`Invalid job.kind: expected verify or simulate, received ${JSON.stringify((job as { kind?: unknown }).kind)}`);
  }
}

/**
 * Runs one seed job of any kind, world jobs (which run user code on promises) included: what the
 * sweep's thread and its in-thread path call.
 *
 * @example
 * ```ts
 * const result = await runSweepJobAsync({ kind: 'world', module: '/app/world.ts', exportName: 'orderSystem', seed: 1 });
 * ```
 */
export async function runSweepJobAsync<Job extends SweepJob>(job: Job): Promise<ResultOf<Job>> {
  if (job.kind !== 'world') return runSweepJob(job);
  const { runWorldJob } = await import('../world/world-run-job.js');
  return (await runWorldJob(job)) as ResultOf<Job>;
}

/** True when a result refutes its claim (what `--fail-fast` stops at). */
export function refutes(result: SweepResult): boolean {
  return (result.kind === 'verify' ? result.outcome.verdict : result.verdict) === 'violated';
}

/** The client operations a job simulates (what its cost grows with). */
export function operationsOf(job: SweepJob): number {
  if (job.kind === 'world') return 200; // a world run costs about as much as 200 simulated operations: a sweep under 100 seeds stays on this thread
  return job.kind === 'verify' ? job.settings.operations : (job.options.workload?.operations ?? 1_000);
}
