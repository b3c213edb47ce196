// A sweep on NATS JetStream, against the real server: two `pacelc worker` processes, one killed
// (SIGKILL) in the middle of a seed; the coordinator still prints what a local run prints.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../cli/exit-code.js';
import { bufferIo } from '../cli/io.js';
import { main } from '../cli/main.js';
import { findService } from '../testing/services.js';

const nats = await findService('nats');
const cli = new URL('./testing/cli-process.ts', import.meta.url).pathname;
const sweep = ['simulate', '--protocol', 'leaderless', '--n', '3', '--w', '1', '--r', '1', '--ops', '150', '--faults', 'partition', '--seeds', '1..6'];

interface Worker {
  readonly name: string;
  readonly child: ChildProcess;
  log: string;
  readonly exited: Promise<NodeJS.Signals | number | null>;
}

function startWorker(name: string, url: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'worker', url, '--jobs', '1', '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const worker: Worker = { name, child, log: '', exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code))) };
  child.stdout?.on('data', (chunk: Buffer) => (worker.log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (worker.log += chunk.toString()));
  return worker;
}

/** Resolves once some worker's log matches `pattern`, with that worker. */
function firstToLog(workers: readonly Worker[], pattern: RegExp): Promise<Worker> {
  return new Promise((resolve) => {
    const look = (): void => {
      const found = workers.find((worker) => pattern.test(worker.log));
      if (found !== undefined) resolve(found);
      else for (const worker of workers) worker.child.stdout?.once('data', look);
    };
    look();
  });
}

const workers: Worker[] = [];
afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
});

describe.skipIf(!nats)('a sweep on a NATS JetStream work queue', () => {
  it('gives the local report with two workers, one killed mid-seed, and deletes its stream', async () => {
    const url = (nats as NonNullable<typeof nats>).url;
    const local = bufferIo();
    const localCode = await main([...sweep, '--jobs', '1'], local);

    workers.push(startWorker('A', url), startWorker('B', url));
    await Promise.all(workers.map((worker) => firstToLog([worker], /taking seed jobs/)));
    const queued = bufferIo();
    const coordinator = main([...sweep, '--queue', url, '--ack-wait', '1000'], queued);
    // A worker's first seed also starts its thread (seconds): killed at "started", it dies mid-seed.
    const victim = await firstToLog(workers, /: started/);
    victim.child.kill('SIGKILL');
    const survivor = workers.find((worker) => worker !== victim) as Worker;
    const code = await coordinator;

    expect(await victim.exited).toBe('SIGKILL');
    expect(queued.out()).toBe(local.out());
    expect(code).toBe(localCode);
    expect(code).toBe(ExitCode.violated);
    // The seed the victim held was handed to the survivor once the ack wait passed. The survivor
    // publishes the result (which ends the coordinator) before it logs "done": wait for the line.
    const taken = /job (\d+) \(seed \d+\), delivery 1: started/.exec(victim.log)?.[1];
    expect(taken).toBeDefined();
    await firstToLog([survivor], new RegExp(`job ${taken} \\(seed \\d+\\), delivery [2-9]: done`));

    const stream = /stream (PACELC_SWEEP_\w+)/.exec(queued.err())?.[1] as string;
    expect(stream).toBeDefined();
    const connection = await connect({ servers: url });
    try {
      const manager = await connection.jetstreamManager();
      await expect(manager.streams.info(stream)).rejects.toThrow(/stream not found/);
    } finally {
      await connection.close();
    }
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
    expect(survivor.log).toMatch(/pacelc worker: stopped after \d+ jobs/);
  }, 90_000);
});
