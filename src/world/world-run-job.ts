import { loadWorld } from './load-world.js';
import { runWorld, type WorldRunResult } from './run-world.js';

/** One seed of a world sweep: plain data, so a worker thread can carry it. */
export interface WorldRunJob {
  readonly kind: 'world';
  /** The module's absolute path or file URL. */
  readonly module: string;
  /** The export that holds the world. */
  readonly exportName: string;
  readonly seed: number;
  readonly keepFaults?: readonly number[];
}

/**
 * Runs one seed job of a world sweep where it is (this thread or a worker thread).
 *
 * @example
 * ```ts
 * const result = await runWorldJob({ kind: 'world', module: '/app/world.ts', exportName: 'orderSystem', seed: 3 });
 * ```
 */
export async function runWorldJob(job: WorldRunJob): Promise<WorldRunResult> {
  const { world } = await loadWorld(job.module, job.exportName);
  return runWorld(world, { seed: job.seed, ...(job.keepFaults === undefined ? {} : { keepFaults: job.keepFaults }) });
}
