// Test support (not shipped): the reliability scenarios both SQL stores run (issue 6): concurrent
// writer processes with a subscriber running meanwhile, and a writer killed with SIGKILL mid-append.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { EventStore } from '../event-store.js';
import { subscribe } from '../subscription.js';
import { compareCursors, type RecordedEvent } from '../types.js';
import { createSystemRuntime } from '../../runtime/index.js';

const worker = fileURLToPath(new URL('./append-worker.ts', import.meta.url));

/** Events per writer: 10,000 with PACELC_ES_FULL=1 (the size), else a smaller default. */
export function eventsPerWriter(fallback: number): number {
  return process.env.PACELC_ES_FULL === '1' ? 10_000 : fallback;
}

export function startWorker(config: Record<string, unknown>): { child: ChildProcess; output: Promise<string>; lines: (listener: (line: string) => void) => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners: Array<(line: string) => void> = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const line of chunk.split('\n').filter(Boolean)) for (const listener of listeners) listener(line);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const output = new Promise<string>((resolve, reject) => {
    child.on('exit', (code, signal) => (code === 0 ? resolve(stdout) : reject(new Error(`worker exited with ${code ?? signal}: ${stderr}`))));
  });
  output.catch(() => undefined);
  return { child, output, lines: (listener) => listeners.push(listener) };
}

/**
 * Runs `writers` writer processes of `perWriter` events each (batches of 10, alternating between a
 * shared stream and their own) while a subscriber on `store` follows; then checks nothing was lost
 * or duplicated, versions are contiguous, and the subscriber saw each event once in store order.
 */
export async function concurrentWritersScenario(store: EventStore, connection: Record<string, unknown>, writers: number, perWriter: number): Promise<void> {
  const runtime = createSystemRuntime({ seed: 11 });
  const seen: RecordedEvent[] = [];
  const subscription = subscribe(store, { id: 'reliability', runtime, batchSize: 1_000, pollIntervalMs: 20, handler: (event) => void seen.push(event) });
  const workers = Array.from({ length: writers }, (_, writer) => startWorker({ ...connection, mode: 'write', writer, events: perWriter, batchSize: 10 }));
  const summaries = (await Promise.all(workers.map((started) => started.output))).map((output) => JSON.parse(output) as { appended: number });
  expect(summaries.reduce((sum, summary) => sum + summary.appended, 0)).toBe(writers * perWriter);
  const total = writers * perWriter;
  // Events become readable once every older transaction in the cluster has ended: wait for them.
  const deadline = runtime.clock.monotonicMs() + 60_000;
  while (seen.length < total && runtime.clock.monotonicMs() < deadline) await runtime.sleep(20);
  await subscription.stop();

  const all: RecordedEvent[] = [];
  for (let page = await store.readAll({ maxCount: 10_000 }); page.length > 0; page = await store.readAll({ after: page.at(-1), maxCount: 10_000 })) all.push(...page);
  expect(all).toHaveLength(total);
  expect(new Set(all.map((event) => event.id)).size).toBe(total);
  for (let writer = 0; writer < writers; writer++) {
    const mine = all.filter((event) => (event.data as { writer: number }).writer === writer).map((event) => (event.data as { n: number }).n);
    expect(new Set(mine).size).toBe(perWriter);
  }
  const versions = new Map<string, number>();
  for (const event of all) {
    if (event.streamVersion !== (versions.get(event.streamId) ?? 0) + 1) throw new Error(`stream ${event.streamId}: version ${event.streamVersion} after ${versions.get(event.streamId) ?? 0}`);
    versions.set(event.streamId, event.streamVersion);
  }
  for (const [streamId, version] of versions) expect(await store.streamVersion(streamId)).toBe(version);
  // the subscriber: every event exactly once, in the store's order
  expect(seen).toHaveLength(total);
  expect(seen.map((event) => event.id)).toEqual(all.map((event) => event.id));
  for (let index = 1; index < seen.length; index++) if (compareCursors(seen[index] as RecordedEvent, seen[index - 1] as RecordedEvent) <= 0) throw new Error(`out of order at ${index}`);
}

/**
 * Starts a writer appending batches of `batchSize` events to fresh streams, kills it with SIGKILL
 * while it writes, and checks every stream holds either a whole batch or nothing.
 */
export async function killedWriterScenario(store: EventStore, connection: Record<string, unknown>, batchSize: number): Promise<{ committed: number; streams: number }> {
  const killRuntime = createSystemRuntime();
  const started = startWorker({ ...connection, mode: 'flood', writer: 0, events: 0, batchSize });
  let committed = 0;
  await new Promise<void>((resolve) => {
    started.lines((line) => {
      if (!line.startsWith('ok ')) return;
      committed++;
      // let a few batches commit, then kill it during the next one (a batch takes most of its time)
      if (committed === 3) {
        killRuntime.setTimer(5 + killRuntime.random.int(20), () => {
          started.child.kill('SIGKILL');
          resolve();
        });
      }
    });
  });
  await new Promise((resolve) => started.child.once('exit', resolve));
  expect(started.child.signalCode).toBe('SIGKILL');
  const counts = new Map<string, number>();
  for (let page = await store.readAll({ maxCount: 10_000 }); page.length > 0; page = await store.readAll({ after: page.at(-1), maxCount: 10_000 })) {
    for (const event of page) counts.set(event.streamId, (counts.get(event.streamId) ?? 0) + 1);
  }
  for (const [streamId, count] of counts) expect(count, streamId).toBe(batchSize);
  expect(counts.size).toBeGreaterThanOrEqual(3);
  return { committed, streams: counts.size };
}
