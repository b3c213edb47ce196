import type { Consumer, JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import { invalidOption } from '../errors.js';
import { type Runtime, systemRuntime } from '../runtime/index.js';
import { connectQueue, sweepIdOf, sweepStreamPrefix, workersConsumer } from './queue-connection.js';
import { describeJob, type QueuedJob, type QueuedResult } from './queue-sweep.js';
import { ThreadPoolClosedError } from './sweep-errors.js';
import { ThreadPool } from './thread-pool.js';
import { decodeWire, encodeWire } from './wire.js';

/** Options of {@link serveSweeps}. */
export interface QueueWorkerOptions {
  /** The NATS server the coordinators publish to, e.g. `nats://10.0.0.5:4222`. */
  readonly url: string;
  /** Seeds run at once, each on its own thread. Default: one per core. */
  readonly jobs: number;
  /** Stops the worker: jobs in progress go back to the queue at once, for another worker. */
  readonly signal?: AbortSignal;
  /** Where the worker says what it does (one line each, no newline). */
  readonly log?: (line: string) => void;
  /** Log every job taken and finished, not only each sweep joined and left. */
  readonly verbose?: boolean;
  /** How long one request for a job waits on an idle sweep, and between looks for new sweeps, in ms. Default 1,000. */
  readonly pollMs?: number;
  /** Where timers come from (heartbeats, idle waits). Default: the system runtime. */
  readonly runtime?: Runtime;
}

interface Taken {
  readonly stream: string;
  readonly message: JsMsg;
  readonly ackWaitMs: number;
}

/**
 * A sweep worker (`pacelc worker`): takes seed jobs from every sweep on the NATS server (each
 * sweep is a JetStream work-queue stream named `PACELC_SWEEP_<id>`), runs each on a thread,
 * publishes its result to the sweep's stream, and only then acknowledges the job. While a job
 * runs it sends heartbeats (`working`, every third of the ack wait), so a long seed is never
 * handed to a second worker; a worker that dies stops sending them, and the job goes to another
 * worker once the ack wait passes. Runs until `signal` aborts.
 *
 * @example
 * ```ts
 * const stop = new AbortController();
 * process.once('SIGINT', () => stop.abort());
 * await serveSweeps({ url: 'nats://127.0.0.1:4222', jobs: 4, signal: stop.signal, log: console.log });
 * ```
 */
export async function serveSweeps(options: QueueWorkerOptions): Promise<{ readonly jobsRun: number }> {
  if (!Number.isSafeInteger(options.jobs) || options.jobs < 1 || options.jobs > 1_024) throw invalidOption('jobs', options.jobs, 'a whole number from 1 to 1024');
  const pollMs = options.pollMs ?? 1_000;
  if (!Number.isSafeInteger(pollMs) || pollMs < 1_000) throw invalidOption('pollMs', options.pollMs, 'a whole number of ms >= 1000 (the least a JetStream pull may wait)');
  const runtime = options.runtime ?? systemRuntime();
  const log = options.log ?? (() => undefined);
  const signal = options.signal ?? new AbortController().signal;
  const { connection } = await connectQueue(options.url, 'pacelc sweep worker');
  const manager = await connection.jetstreamManager();
  const client = connection.jetstream();
  const pool = new ThreadPool(options.jobs);
  const sweeps = new Sweeps(manager, client, log);
  let jobsRun = 0;
  const onAbort = (): void => void pool.close();
  signal.addEventListener('abort', onAbort, { once: true });

  const slot = async (): Promise<void> => {
    while (!signal.aborted) {
      const taken = await sweeps.take(pollMs);
      if (taken === undefined) {
        if (!signal.aborted) await runtime.sleep(pollMs, signal).catch(() => undefined);
        continue;
      }
      if (await runJob(taken)) jobsRun++;
    }
  };

  /** Runs one job, publishes its result, then acknowledges it. False when the job went back to the queue. */
  const runJob = async ({ stream, message, ackWaitMs }: Taken): Promise<boolean> => {
    const { index, job } = decodeWire(message.data) as QueuedJob;
    const label = `sweep ${sweepIdOf(stream) ?? stream}: job ${index} (${describeJob(job)}), delivery ${message.info.deliveryCount}`;
    if (options.verbose === true) log(`${label}: started`);
    let heartbeat = runtime.setTimer(ackWaitMs / 3, function beat() {
      message.working();
      heartbeat = runtime.setTimer(ackWaitMs / 3, beat);
    });
    try {
      let answer: QueuedResult;
      try {
        answer = { index, result: await pool.run(job) };
      } catch (error) {
        if (error instanceof ThreadPoolClosedError) {
          message.nak();
          return false;
        }
        answer = { index, error: error instanceof Error ? error.message : String(error) };
      }
      try {
        await client.publish(message.subject.replace(/\.jobs$/, '.results'), encodeWire(answer), { msgID: `result-${index}` });
      } catch {
        // The sweep is over (its coordinator stopped early and deleted the stream): nothing waits for this result.
        return false;
      }
      // Acknowledged only once the result is stored. The ack can fail when this was the sweep's last
      // result (the coordinator deletes the stream at once): the result is in, the job is done.
      await message.ackAck().catch(() => false);
      if (options.verbose === true) log(`${label}: done`);
      return true;
    } finally {
      heartbeat.cancel();
    }
  };

  log(`pacelc worker: taking seed jobs from ${options.url} on ${options.jobs} thread${options.jobs === 1 ? '' : 's'}`);
  try {
    await Promise.all(Array.from({ length: options.jobs }, slot));
  } finally {
    signal.removeEventListener('abort', onAbort);
    await pool.close();
    await connection.close().catch(() => undefined);
  }
  log(`pacelc worker: stopped after ${jobsRun} job${jobsRun === 1 ? '' : 's'}`);
  return { jobsRun };
}

/** The sweeps on the server, taken from in turn. */
class Sweeps {
  private streams: string[] = [];
  private readonly consumers = new Map<string, Promise<{ readonly consumer: Consumer; readonly ackWaitMs: number }>>();
  private cursor = 0;

  constructor(
    private readonly manager: JetStreamManager,
    private readonly client: JetStreamClient,
    private readonly log: (line: string) => void,
  ) {}

  /** The next job of any sweep, or undefined when none has one within about `pollMs`. */
  async take(pollMs: number): Promise<Taken | undefined> {
    if (this.streams.length === 0) await this.refresh();
    const count = this.streams.length;
    for (let tried = 0; tried < count; tried++) {
      const stream = this.streams[this.cursor++ % this.streams.length];
      if (stream === undefined) break;
      try {
        const { consumer, ackWaitMs } = await this.consumerOf(stream);
        const message = await consumer.next({ expires: pollMs });
        if (message !== null) return { stream, message, ackWaitMs };
      } catch {
        this.forget(stream);
      }
    }
    await this.refresh();
    return undefined;
  }

  private consumerOf(stream: string): Promise<{ readonly consumer: Consumer; readonly ackWaitMs: number }> {
    let entry = this.consumers.get(stream);
    if (entry === undefined) {
      entry = (async () => {
        const consumer = await this.client.consumers.get(stream, workersConsumer);
        const info = await consumer.info();
        this.log(`sweep ${sweepIdOf(stream) ?? stream}: joined`);
        return { consumer, ackWaitMs: Math.max(300, (info.config.ack_wait ?? 30e9) / 1e6) };
      })();
      this.consumers.set(stream, entry);
    }
    return entry;
  }

  private async refresh(): Promise<void> {
    const names: string[] = [];
    try {
      for await (const name of this.manager.streams.names()) if (name.startsWith(sweepStreamPrefix)) names.push(name);
    } catch {
      return;
    }
    for (const stream of this.consumers.keys()) if (!names.includes(stream)) this.forget(stream);
    this.streams = names;
  }

  private forget(stream: string): void {
    if (this.consumers.delete(stream)) this.log(`sweep ${sweepIdOf(stream) ?? stream}: over`);
    this.streams = this.streams.filter((name) => name !== stream);
  }
}
