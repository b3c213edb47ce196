import { availableParallelism } from 'node:os';
import { invalidOption } from '../errors.js';
import { InOrder } from './in-order.js';
import { operationsOf, type ResultOf, runSweepJobAsync, type SweepJob } from './sweep-job.js';
import { ThreadPool } from './thread-pool.js';

/**
 * How a sweep runs. Never what it finds: the results, and their order, are the same whatever
 * these say.
 *
 * @example
 * ```ts
 * const local: SweepOptions = { jobs: 4 };
 * const distributed: SweepOptions = { queue: 'nats://10.0.0.5:4222' };
 * ```
 */
export interface SweepOptions {
  /** Worker threads (1: run in this thread). Default: one per core (`os.availableParallelism()`), or 1 for a small sweep (see {@link defaultJobs}). */
  readonly jobs?: number;
  /** A NATS server URL: publish the jobs to a JetStream work queue that `pacelc worker`s take them from, instead of running them here. */
  readonly queue?: string;
  /** With `queue`: how long a job a worker took may go without news (a heartbeat or its result) before another worker gets it, in ms. Default 15,000. */
  readonly ackWaitMs?: number;
  /** Called as each result is handed on, with how many are done out of how many. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called once a queued sweep has published its first jobs (where they went, to tell the user). */
  readonly onQueued?: (where: { readonly url: string; readonly stream: string }) => void;
}

/** Below this many simulated operations in all, a sweep runs on the calling thread by default: starting threads would cost more than they save. */
export const smallSweepOperations = 20_000;

/**
 * The default number of worker threads for `jobs`: one per core, or 1 (this thread) for a small
 * sweep (under {@link smallSweepOperations} simulated operations in all).
 *
 * @example
 * ```ts
 * defaultJobs(jobs); // 8 on an 8-core machine, for 100 seeds of 1,000 operations
 * ```
 */
export function defaultJobs(jobs: readonly SweepJob[]): number {
  let operations = 0;
  for (const job of jobs) {
    operations += operationsOf(job);
    if (operations >= smallSweepOperations) return availableParallelism();
  }
  return 1;
}

/**
 * Runs seed jobs and yields their results in job order, whatever order they finish in: in this
 * thread (`jobs: 1`), in worker threads, or on `pacelc worker`s through a NATS JetStream work
 * queue (`queue`). Memory stays bounded: only a window of jobs runs ahead of the next result
 * handed on, and results are handed on as soon as they are in order. Stopping early (breaking
 * out of the loop) stops the threads, or deletes the queue.
 *
 * @example
 * ```ts
 * const jobs = [1, 2, 3].map((seed) => ({ kind: 'simulate', options: { seed, protocol } }) as const);
 * for await (const result of runSweep(jobs, { jobs: 2 })) console.log(result.seed, result.verdict);
 * ```
 */
export async function* runSweep<Job extends SweepJob>(jobs: readonly Job[], options: SweepOptions = {}): AsyncGenerator<ResultOf<Job>, void, undefined> {
  const threads = options.jobs ?? defaultJobs(jobs);
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 1_024) throw invalidOption('jobs', options.jobs, 'a whole number from 1 to 1024');
  if (options.queue !== undefined) {
    const { queueSweep } = await import('./queue-sweep.js');
    yield* queueSweep(jobs, { url: options.queue, ...pick(options, 'ackWaitMs', 'onProgress', 'onQueued') });
    return;
  }
  if (threads === 1 || jobs.length <= 1) {
    for (let index = 0; index < jobs.length; index++) {
      const result = await runSweepJobAsync(jobs[index] as Job);
      options.onProgress?.(index + 1, jobs.length);
      yield result;
    }
    return;
  }
  yield* onThreads(jobs, Math.min(threads, jobs.length), options.onProgress);
}

async function* onThreads<Job extends SweepJob>(jobs: readonly Job[], threads: number, onProgress: SweepOptions['onProgress']): AsyncGenerator<ResultOf<Job>, void, undefined> {
  const pool = new ThreadPool(threads);
  const order = new InOrder<ResultOf<Job>>();
  // Jobs run at most this far ahead of the next result handed on: a slow seed holds back only a window's worth of results.
  const window = threads * 4;
  const ready: Array<ResultOf<Job>> = [];
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let submitted = 0;
  const submit = (): void => {
    while (failure === undefined && submitted < jobs.length && submitted < order.next + window) {
      const index = submitted++;
      pool.run(jobs[index] as Job).then(
        (result) => {
          ready.push(...order.add(index, result));
          wake?.();
        },
        (error: unknown) => {
          failure ??= { error };
          wake?.();
        },
      );
    }
  };
  try {
    submit();
    let handedOn = 0;
    while (handedOn < jobs.length) {
      if (failure !== undefined) throw failure.error;
      const result = ready.shift();
      if (result === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      handedOn++;
      onProgress?.(handedOn, jobs.length);
      yield result;
      submit();
    }
  } finally {
    await pool.close();
  }
}

function pick<T extends object, K extends keyof T>(object: T, ...keys: K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) picked[key] = object[key];
  return picked;
}
