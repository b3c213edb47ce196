export { defaultJobs, runSweep, smallSweepOperations, type SweepOptions } from './run-sweep.js';
export { operationsOf, refutes, runSweepJob, type ResultOf, type SweepJob, type SweepResult } from './sweep-job.js';
export { sweepVerification, type VerifySweepOptions } from './verify-sweep.js';
export { serveSweeps, type QueueWorkerOptions } from './queue-worker.js';
export { SweepJobError, SweepQueueError, ThreadPoolClosedError } from './sweep-errors.js';
