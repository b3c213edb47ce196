// Seed sweeps: `pacelc verify`'s runs of one entity on 1 job (the calling thread) and on 2 worker
// threads, the wall time of each and the speed-up; the two reports must be identical.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { design } from '../src/advisor/design.js';
import { parseSpec } from '../src/advisor/spec/parse.js';
import { sweepVerification } from '../src/sweep/index.js';
import type { VerificationReport } from '../src/verify/index.js';
import { type BenchSuite, type BenchTable, formatNumber } from './harness.js';

const now = (): bigint => process.hrtime.bigint();
const specFile = new URL('../examples/specs/bank-ledger.yaml', import.meta.url);

async function sweep(seeds: number, jobs: number): Promise<{ wallMs: number; cpuMs: number; report: VerificationReport }> {
  const spec = design(parseSpec(readFileSync(specFile, 'utf8'), { file: 'bank-ledger.yaml' }));
  const start = now();
  const cpuStart = process.cpuUsage();
  const report = await sweepVerification(spec, { seeds, entities: ['account'], jobs });
  const cpu = process.cpuUsage(cpuStart);
  return { wallMs: Number(now() - start) / 1e6, cpuMs: (cpu.user + cpu.system) / 1e3, report };
}

const suite: BenchSuite = {
  name: 'sweep',
  description: "A 1,000-seed `pacelc verify` sweep of one entity (bank-ledger.yaml's `account`: Raft, 1,000 operations from 5 clients per run, every default fault): wall time on 1 job and on 2 worker threads, and the speed-up.",
  async run(context) {
    const seeds = context.quick ? 4 : 1_000;
    const one = await sweep(seeds, 1);
    context.log(`1 job: ${formatNumber(one.wallMs)} ms`);
    const two = await sweep(seeds, 2);
    context.log(`2 jobs: ${formatNumber(two.wallMs)} ms`);
    const identical = JSON.stringify(one.report) === JSON.stringify(two.report);
    if (!identical) throw new Error('the 1-job and 2-job reports differ: a sweep must not depend on how it ran');
    const row = (jobs: number, result: { wallMs: number; cpuMs: number }): string[] => [
      String(jobs),
      formatNumber(seeds),
      `**${formatNumber(result.wallMs / 1000)}**`,
      formatNumber(seeds / (result.wallMs / 1000)),
      formatNumber(result.cpuMs / 1000),
      jobs === 1 ? '1.00x' : `${(one.wallMs / result.wallMs).toFixed(2)}x`,
    ];
    const table: BenchTable = {
      title: `verify sweep of one entity, ${formatNumber(seeds)} seeds: 1 job against 2 worker threads`,
      columns: ['jobs', 'seeds', 'wall s', 'runs/s', 'CPU s (process, all threads)', 'speed-up'],
      rows: [row(1, one), row(2, two)],
      notes: [
        `Verdict ${one.report.verdict} on both; the two reports are identical byte for byte (checked). ${availableParallelism()} cores; load average ${loadavg()[0]?.toFixed(1)} at the end (the machine is shared, so wall times are an upper bound and the speed-up a lower one).`,
        "Run from the TypeScript sources (npm run bench): each worker thread first registers tsx's loader and compiles the modules it needs, a start-up cost that the built package (npx pacelc, from dist/) does not pay. The CPU column is the whole process's (process.cpuUsage counts every thread): with 2 jobs it includes both workers' start-up and runs, so it exceeds the 1-job figure.",
      ],
    };
    return [table];
  },
};

export default suite;
