import { PacelcError } from '../errors.js';

/**
 * A seed job threw instead of returning a result (a bug in pacelc: jobs are validated before a
 * sweep starts). The message carries the job's own stack, from whichever thread or machine ran it.
 *
 * @example
 * ```ts
 * if (error instanceof SweepJobError) console.error(error.message);
 * ```
 */
export class SweepJobError extends PacelcError {
  constructor(detail: string) {
    super('SWEEP_JOB_FAILED', `a seed job failed: ${detail}`, { outcome: 'definite' });
  }
}

/**
 * The work queue of a distributed sweep failed: the NATS server is unreachable, JetStream is
 * off, the `nats` package is missing, or a job was delivered to workers too many times without
 * a result (each of them died on it).
 *
 * @example
 * ```ts
 * if (error instanceof SweepQueueError && error.code === 'SWEEP_QUEUE_UNREACHABLE') console.error(error.message);
 * ```
 */
export class SweepQueueError extends PacelcError {
  constructor(code: 'SWEEP_QUEUE_UNREACHABLE' | 'SWEEP_QUEUE_DRIVER_MISSING' | 'SWEEP_JOB_ABANDONED', message: string, cause?: unknown) {
    super(code, message, { outcome: 'unknown', ...(cause === undefined ? {} : { cause }) });
  }
}

/**
 * A job was given to a thread pool that is closed, or was running when it closed (a sweep that
 * stopped early, a worker that was asked to stop).
 *
 * @example
 * ```ts
 * pool.run(job).catch((error) => { if (!(error instanceof ThreadPoolClosedError)) throw error; });
 * ```
 */
export class ThreadPoolClosedError extends PacelcError {
  constructor() {
    super('SWEEP_POOL_CLOSED', 'the sweep thread pool is closed', { outcome: 'unknown' });
  }
}
