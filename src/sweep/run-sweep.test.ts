import { describe, expect, it } from 'vitest';
import type { SimulateRunJob } from '../replication/simulate-run.js';
import { runSweep } from './run-sweep.js';
import { refutes } from './sweep-job.js';

// W + R <= N under partitions: some seeds refute linearizability, some do not.
const jobs: SimulateRunJob[] = [1, 2, 3, 4, 5, 6].map((seed) => ({
  kind: 'simulate',
  options: { seed, protocol: { kind: 'leaderless', n: 3, w: 1, r: 1 }, workload: { operations: 150, clients: 4 }, faults: { random: { kinds: ['partition'] } } },
}));

async function collect<T>(results: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const result of results) all.push(result);
  return all;
}

describe('runSweep', () => {
  it('gives the same results in the same order on this thread and on two worker threads', async () => {
    const progress: number[] = [];
    const here = await collect(runSweep(jobs, { jobs: 1 }));
    const threads = await collect(runSweep(jobs, { jobs: 2, onProgress: (done) => progress.push(done) }));
    expect(here.map((result) => result.seed)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(threads).toEqual(here);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    // The sweep is worth comparing: it has both verdicts.
    expect(new Set(here.map((result) => result.verdict))).toEqual(new Set(['holds', 'violated']));
  });

  it('stops the threads when the caller stops at the first refutation', async () => {
    const seen: number[] = [];
    for await (const result of runSweep(jobs, { jobs: 2 })) {
      seen.push(result.seed);
      if (refutes(result)) break;
    }
    const firstRefuted = (await collect(runSweep(jobs.slice(0, seen.length), { jobs: 1 }))).findIndex(refutes);
    expect(firstRefuted).toBe(seen.length - 1);
  });

  it('rejects a bad number of jobs', async () => {
    await expect(collect(runSweep(jobs, { jobs: 0 }))).rejects.toThrow(RangeError);
  });
});
