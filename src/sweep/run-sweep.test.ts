import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { SimulateRunJob } from '../replication/simulate-run.js';
import { defaultJobs, runSweep } from './run-sweep.js';
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
  it('hands worker threads’ results on in job order, equal to this thread’s, and stops the threads when the caller stops', async () => {
    const here = await collect(runSweep(jobs, { jobs: 1 }));
    expect(here.map((result) => result.seed)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(here.map((result) => result.verdict))).toEqual(new Set(['holds', 'violated']));
    const progress: number[] = [];
    const seen = [];
    for await (const result of runSweep(jobs, { jobs: 2, onProgress: (done, total) => progress.push(done / total) })) {
      seen.push(result);
      if (refutes(result)) break; // returns the generator: the pool closes
    }
    expect(seen).toEqual(here.slice(0, here.findIndex(refutes) + 1));
    expect(progress).toEqual(seen.map((_, index) => (index + 1) / jobs.length));
  });

  it('runs a small sweep on this thread by default, a large one on every core', () => {
    expect(defaultJobs(jobs)).toBe(1);
    const large = Array.from({ length: 40 }, (_, index): SimulateRunJob => ({ kind: 'simulate', options: { seed: index, protocol: { kind: 'leaderless', n: 3, w: 2, r: 2 } } }));
    expect(defaultJobs(large)).toBe(availableParallelism());
  });

  it('rejects a bad number of jobs', async () => {
    await expect(collect(runSweep(jobs, { jobs: 0 }))).rejects.toThrow(RangeError);
  });
});
