import type { Worker } from 'node:worker_threads';
import { invalidOption } from '../errors.js';
import { SweepJobError, ThreadPoolClosedError } from './sweep-errors.js';
import type { ResultOf, SweepJob } from './sweep-job.js';
import type { ThreadResponse } from './sweep-thread.js';
import { startSweepThread } from './start-thread.js';

interface Pending {
  readonly job: SweepJob;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: unknown) => void;
}

interface Thread {
  readonly worker: Worker;
  current: Pending | undefined;
}

/**
 * A fixed number of worker threads that run seed jobs, one job per thread at a time; jobs wait
 * in a queue (the caller bounds how many it submits ahead). Threads start on first use. A thread
 * that dies fails its job and every queued one.
 *
 * @example
 * ```ts
 * const pool = new ThreadPool(2);
 * try {
 *   const [a, b] = await Promise.all([pool.run(jobA), pool.run(jobB)]);
 * } finally {
 *   await pool.close();
 * }
 * ```
 */
export class ThreadPool {
  readonly size: number;
  private readonly threads: Thread[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private failure: unknown;
  private closed = false;

  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size < 1 || size > 1_024) throw invalidOption('size', size, 'a whole number from 1 to 1024');
    this.size = size;
  }

  /** Runs `job` on a free thread (after the jobs queued before it). */
  run<Job extends SweepJob>(job: Job): Promise<ResultOf<Job>> {
    if (this.closed) return Promise.reject(new ThreadPoolClosedError());
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<ResultOf<Job>>((resolve, reject) => {
      this.queue.push({ job, resolve: resolve as (result: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops every thread: jobs still running or queued fail with {@link ThreadPoolClosedError}. */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads.splice(0);
    const closedError = new ThreadPoolClosedError();
    for (const pending of this.queue.splice(0)) pending.reject(closedError);
    for (const thread of threads) {
      thread.current?.reject(closedError);
      thread.current = undefined;
    }
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let thread = this.threads.find((candidate) => candidate.current === undefined);
      if (thread === undefined && this.threads.length < this.size) thread = this.startThread();
      if (thread === undefined) return;
      const pending = this.queue.shift() as Pending;
      thread.current = pending;
      thread.worker.postMessage({ id: this.nextId++, job: pending.job });
    }
  }

  private startThread(): Thread {
    const thread: Thread = { worker: startSweepThread(), current: undefined };
    thread.worker.on('message', (response: ThreadResponse) => {
      const pending = thread.current;
      thread.current = undefined;
      if (pending !== undefined) {
        if ('error' in response) pending.reject(new SweepJobError(response.error));
        else pending.resolve(response.result);
      }
      this.dispatch();
    });
    thread.worker.on('error', (error) => this.fail(thread, error));
    thread.worker.on('exit', (code) => {
      if (!this.closed) this.fail(thread, new Error(`a sweep thread exited with code ${code}`));
    });
    this.threads.push(thread);
    return thread;
  }

  private fail(thread: Thread, error: unknown): void {
    this.failure ??= error;
    thread.current?.reject(error);
    thread.current = undefined;
    for (const pending of this.queue.splice(0)) pending.reject(error);
    const index = this.threads.indexOf(thread);
    if (index >= 0) this.threads.splice(index, 1);
  }
}
