import { availableParallelism } from 'node:os';
import { parseArguments } from '../arguments.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';

const help = `usage: pacelc worker nats://HOST:4222 [--jobs J] [--verbose]

Runs the seeds of sweeps that pacelc verify --queue and pacelc simulate --seeds A..B --queue
publish to a NATS JetStream server: start one on every machine that should take a share. Each
seed's result is published before the seed is acknowledged; while a seed runs the worker sends
heartbeats, and a seed whose worker dies goes to another worker once the sweep's --ack-wait
passes. The coordinator prints the same report as a local run. Stop with Ctrl-C: seeds in
progress go back to the queue at once.

options:
  --jobs J      seeds at once, each on its own thread (default: one per core)
  --verbose     log every seed taken and finished, not only each sweep joined and over
  -h, --help    show this help

example: npx pacelc worker nats://127.0.0.1:4222
`;

/** `pacelc worker`: see {@link help}. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArguments(args, { jobs: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(help);
    return ExitCode.ok;
  }
  const [url, ...extra] = positionals;
  if (url === undefined) throw new UsageError('missing the NATS server, e.g. pacelc worker nats://127.0.0.1:4222');
  if (extra.length > 0) throw new UsageError(`one server at a time; unexpected ${extra.map((value) => `"${value}"`).join(', ')}`);
  let jobs = availableParallelism();
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!/^\d+$/.test(values.jobs) || jobs < 1 || jobs > 1_024) throw new UsageError(`--jobs must be a whole number from 1 to 1024, received "${values.jobs}"`);
  }
  const { serveSweeps, SweepQueueError } = await import('../../sweep/index.js');
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await serveSweeps({ url: queueUrl(url, 'the server'), jobs, signal: stop.signal, verbose: values.verbose === true, log: (line) => io.stdout(`${line}\n`) });
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof SweepQueueError)) throw error;
    io.stderr(`pacelc worker: ${error.message}\n`);
    return ExitCode.badInput;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * A NATS server URL (`--queue` of verify and simulate, the worker's argument), or a usage error.
 *
 * @example
 * ```ts
 * queueUrl('nats://127.0.0.1:4222'); // 'nats://127.0.0.1:4222'
 * ```
 */
export function queueUrl(raw: string, what = '--queue'): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'nats:' && url.protocol !== 'tls:') || url.hostname === '') {
    throw new UsageError(`${what} must be a NATS server URL such as nats://127.0.0.1:4222, received "${raw}"`);
  }
  return raw;
}
