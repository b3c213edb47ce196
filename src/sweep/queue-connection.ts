// What the coordinator and the workers of a distributed sweep agree on: the NATS driver (an
// optional peer dependency, loaded only here), and the names of a sweep's stream, subjects and
// consumers.
import type { NatsConnection } from 'nats';
import { SweepQueueError } from './sweep-errors.js';

export type NatsModule = typeof import('nats');

/** Every sweep's stream is named with this prefix: workers find sweeps by it. */
export const sweepStreamPrefix = 'PACELC_SWEEP_';
/** The durable pull consumer that workers share (JetStream hands each job to one of them). */
export const workersConsumer = 'workers';
/** The durable consumer the coordinator reads results with. */
export const coordinatorConsumer = 'coordinator';

/** The stream and subjects of the sweep `id`. */
export function sweepNames(id: string): { readonly stream: string; readonly jobs: string; readonly results: string } {
  return { stream: `${sweepStreamPrefix}${id}`, jobs: `pacelc.sweep.${id}.jobs`, results: `pacelc.sweep.${id}.results` };
}

/** The sweep id of a stream name, or undefined when the stream is not a sweep's. */
export function sweepIdOf(stream: string): string | undefined {
  return stream.startsWith(sweepStreamPrefix) ? stream.slice(sweepStreamPrefix.length) : undefined;
}

/** Loads the `nats` package and connects to `url`, with errors that say what to do. */
export async function connectQueue(url: string, name: string): Promise<{ readonly nats: NatsModule; readonly connection: NatsConnection }> {
  let nats: NatsModule;
  try {
    nats = await import('nats');
  } catch (error) {
    throw new SweepQueueError('SWEEP_QUEUE_DRIVER_MISSING', 'a sweep on a queue needs the nats package: npm install nats', error);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`Invalid queue: expected a NATS URL such as nats://127.0.0.1:4222, received ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'nats:' && parsed.protocol !== 'tls:') throw new RangeError(`Invalid queue: expected a nats:// URL, received ${JSON.stringify(url)}`);
  try {
    const connection = await nats.connect({ servers: url, name, timeout: 5_000 });
    return { nats, connection };
  } catch (error) {
    throw new SweepQueueError('SWEEP_QUEUE_UNREACHABLE', `cannot reach the NATS server at ${url}: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}
