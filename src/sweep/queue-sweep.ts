import { systemRuntime } from '../runtime/index.js';
import { InOrder } from './in-order.js';
import { connectQueue, coordinatorConsumer, sweepNames, workersConsumer } from './queue-connection.js';
import { SweepJobError, SweepQueueError } from './sweep-errors.js';
import type { ResultOf, SweepJob } from './sweep-job.js';
import { decodeWire, encodeWire } from './wire.js';

/** Options of {@link queueSweep}. */
export interface QueueSweepOptions {
  /** The NATS server, e.g. `nats://127.0.0.1:4222` (JetStream enabled). */
  readonly url: string;
  /** How long a job a worker took may go without a heartbeat or its result before another worker gets it, in ms. Default 15,000. */
  readonly ackWaitMs?: number;
  /** How many jobs may be on the queue ahead of the next result handed on. Default 1,024. */
  readonly window?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onQueued?: (where: { readonly url: string; readonly stream: string }) => void;
}

/** A job as it sits on the queue. */
export interface QueuedJob {
  readonly index: number;
  readonly job: SweepJob;
}

/** A worker's answer on the results subject. */
export type QueuedResult = { readonly index: number; readonly result: unknown } | { readonly index: number; readonly error: string };

/** Times a job may be handed to a worker before the sweep gives up on it (each of them died on it). */
export const maxDeliveries = 5;

/**
 * Runs a sweep on `pacelc worker`s: creates a JetStream work-queue stream for this sweep alone
 * (`PACELC_SWEEP_<id>`), publishes the jobs to it (a window at a time), and yields the results
 * the workers publish, in job order. A worker acknowledges a job only after its result is
 * stored, and sends heartbeats while it runs; a job whose worker dies is handed to another one
 * once `ackWaitMs` passes without news. The stream is deleted when the sweep ends, however it
 * ends.
 *
 * @example
 * ```ts
 * for await (const result of queueSweep(jobs, { url: 'nats://127.0.0.1:4222' })) report(result);
 * ```
 */
export async function* queueSweep<Job extends SweepJob>(jobs: readonly Job[], options: QueueSweepOptions): AsyncGenerator<ResultOf<Job>, void, undefined> {
  const ackWaitMs = options.ackWaitMs ?? 15_000;
  if (!Number.isSafeInteger(ackWaitMs) || ackWaitMs < 1_000 || ackWaitMs > 3_600_000) throw new RangeError(`Invalid ackWaitMs: expected a whole number of ms from 1000 to 3600000, received ${String(options.ackWaitMs)}`);
  const window = options.window ?? 1_024;
  if (jobs.length === 0) return;
  const { nats, connection } = await connectQueue(options.url, 'pacelc sweep coordinator');
  const id = sweepId();
  const names = sweepNames(id);
  let manager;
  try {
    manager = await connection.jetstreamManager();
    await manager.streams.add({
      name: names.stream,
      subjects: [`pacelc.sweep.${id}.>`],
      retention: nats.RetentionPolicy.Workqueue,
      storage: nats.StorageType.File,
      // A coordinator that dies leaves its stream behind: it expires on its own.
      max_age: nats.nanos(7 * 24 * 3_600_000),
      duplicate_window: nats.nanos(120_000),
    });
  } catch (error) {
    await connection.close();
    throw new SweepQueueError('SWEEP_QUEUE_UNREACHABLE', `cannot create a JetStream stream on ${options.url} (is JetStream enabled? nats-server -js): ${error instanceof Error ? error.message : String(error)}`, error);
  }
  const abandoned: { error?: SweepQueueError } = {};
  try {
    await manager.consumers.add(names.stream, {
      durable_name: workersConsumer,
      filter_subject: names.jobs,
      ack_policy: nats.AckPolicy.Explicit,
      ack_wait: nats.nanos(ackWaitMs),
      max_deliver: maxDeliveries,
    });
    await manager.consumers.add(names.stream, { durable_name: coordinatorConsumer, filter_subject: names.results, ack_policy: nats.AckPolicy.Explicit });
    const client = connection.jetstream();
    const sequenceToIndex = new Map<number, number>();
    let published = 0;
    const order = new InOrder<ResultOf<Job>>();
    const publish = async (): Promise<void> => {
      for (; published < jobs.length && published < order.next + window; published++) {
        const queued: QueuedJob = { index: published, job: jobs[published] as Job };
        const ack = await client.publish(names.jobs, encodeWire(queued), { msgID: `job-${published}` });
        sequenceToIndex.set(ack.seq, published);
      }
    };
    await publish();
    options.onQueued?.({ url: options.url, stream: names.stream });
    const results = await (await client.consumers.get(names.stream, coordinatorConsumer)).consume({ max_messages: 256 });
    // A job every worker died on would otherwise be waited for forever: JetStream says when it stops handing it out.
    const advisories = connection.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${names.stream}.${workersConsumer}`, {
      callback: (_error, message) => {
        const sequence = (message.json() as { stream_seq?: number }).stream_seq ?? -1;
        const index = sequenceToIndex.get(sequence);
        abandoned.error = new SweepQueueError('SWEEP_JOB_ABANDONED', `job ${index ?? `#${sequence}`} (${describeJob(index === undefined ? undefined : jobs[index])}) was taken by ${maxDeliveries} workers and none of them returned a result`);
        results.stop();
      },
    });
    let handedOn = 0;
    try {
      for await (const message of results) {
        const answer = decodeWire(message.data) as QueuedResult;
        message.ack();
        if ('error' in answer) throw new SweepJobError(answer.error);
        for (const result of order.add(answer.index, answer.result as ResultOf<Job>)) {
          handedOn++;
          options.onProgress?.(handedOn, jobs.length);
          yield result;
        }
        if (order.next >= jobs.length) break;
        await publish();
      }
    } finally {
      advisories.unsubscribe();
      results.stop();
    }
    if (abandoned.error !== undefined) throw abandoned.error;
    if (handedOn < jobs.length) throw new SweepQueueError('SWEEP_QUEUE_UNREACHABLE', `the connection to ${options.url} ended after ${order.next} of ${jobs.length} results`);
  } finally {
    await manager.streams.delete(names.stream).catch(() => false);
    await connection.close().catch(() => undefined);
  }
}

/** A short label of a job for messages: `entity seed 7`, `seed 7`. */
export function describeJob(job: SweepJob | undefined): string {
  if (job === undefined) return 'unknown';
  if (job.kind === 'world') return `${job.exportName} seed ${job.seed}`;
  return job.kind === 'verify' ? `${job.plan.entity} seed ${job.seed}` : `seed ${job.options.seed}`;
}

function sweepId(): string {
  const random = systemRuntime().random;
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 10 }, () => alphabet[random.int(alphabet.length)]).join('');
}
