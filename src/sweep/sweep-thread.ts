// The entry of a sweep's worker thread: runs each seed job it is sent and posts the result back.
import { parentPort } from 'node:worker_threads';
import { runSweepJobAsync, type SweepJob } from './sweep-job.js';

/** A job as the pool sends it. */
export interface ThreadRequest {
  readonly id: number;
  readonly job: SweepJob;
}

/** The thread's answer: the result, or the error the job threw. */
export type ThreadResponse = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly error: string };

const port = parentPort;
if (port !== null) {
  port.on('message', async (request: ThreadRequest) => {
    let response: ThreadResponse;
    try {
      response = { id: request.id, result: await runSweepJobAsync(request.job) };
    } catch (error) {
      response = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(response);
  });
}
