// The benchmark harness: times a function in calibrated batches (so nanosecond-scale work is not
// drowned by timer overhead), takes the median of many samples, and reports ratios against the
// pacelc subject of each group. Peers run in the same process run, interleaved round by round,
// so that machine noise hits all of them alike.
import { cpus, totalmem, type as osType, release } from 'node:os';

export interface BenchCase {
  readonly name: string;
  /** The work of one operation. It may return a promise; the harness awaits it. */
  readonly fn: () => unknown;
  /** True for pacelc's own implementation: ratios are given against it. */
  readonly subject?: boolean;
}

export interface BenchTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  readonly notes?: readonly string[];
}

export interface BenchContext {
  /** Fewer and shorter samples (for a smoke run in tests); figures from it are not recorded. */
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): Promise<readonly BenchTable[]>;
}

export interface CaseResult {
  readonly name: string;
  readonly subject: boolean;
  readonly medianNsPerOp: number;
  readonly samples: number;
  readonly opsPerSample: number;
}

const now = (): bigint => process.hrtime.bigint();

async function timeBatch(fn: () => unknown, operations: number, isAsync: boolean): Promise<number> {
  const start = now();
  if (isAsync) for (let i = 0; i < operations; i++) await fn();
  else for (let i = 0; i < operations; i++) fn();
  return Number(now() - start);
}

/** Finds how many operations make a sample of about `targetMs`, starting from 1 and doubling. */
async function calibrate(fn: () => unknown, isAsync: boolean, targetMs: number): Promise<number> {
  let operations = 1;
  for (;;) {
    const elapsedNs = await timeBatch(fn, operations, isAsync);
    if (elapsedNs >= targetMs * 1e6 || operations >= 2 ** 30) {
      return Math.max(1, Math.round((operations * targetMs * 1e6) / Math.max(elapsedNs, 1)));
    }
    operations *= elapsedNs < targetMs * 1e4 ? 16 : 2;
  }
}

/**
 * Measures each case for `rounds` rounds (cases interleaved each round) and returns the median
 * ns/op of each.
 */
export async function measureCases(cases: readonly BenchCase[], context: BenchContext, options: { rounds?: number; sampleMs?: number } = {}): Promise<CaseResult[]> {
  const rounds = context.quick ? 3 : (options.rounds ?? 25);
  const sampleMs = context.quick ? 1 : (options.sampleMs ?? 20);
  const plans = [];
  for (const benchCase of cases) {
    const isAsync = isPromiseLike(benchCase.fn());
    if (isAsync) await benchCase.fn();
    const operations = await calibrate(benchCase.fn, isAsync, sampleMs);
    await timeBatch(benchCase.fn, operations, isAsync); // warm-up at full size
    plans.push({ benchCase, isAsync, operations, samples: [] as number[] });
  }
  for (let round = 0; round < rounds; round++) {
    for (const plan of plans) plan.samples.push((await timeBatch(plan.benchCase.fn, plan.operations, plan.isAsync)) / plan.operations);
  }
  return plans.map((plan) => ({
    name: plan.benchCase.name,
    subject: plan.benchCase.subject === true,
    medianNsPerOp: median(plan.samples),
    samples: plan.samples.length,
    opsPerSample: plan.operations,
  }));
}

/** A table of ns/op, ops/s and the ratio of each case to the subject (>1 means slower than pacelc). */
export function casesTable(title: string, results: readonly CaseResult[], notes: readonly string[] = []): BenchTable {
  const subject = results.find((result) => result.subject);
  return {
    title,
    columns: ['implementation', 'median ns/op', 'ops/s', subject ? `time vs ${subject.name}` : 'ratio'],
    rows: results.map((result) => [
      result.subject ? `**${result.name}**` : result.name,
      formatNumber(result.medianNsPerOp),
      formatNumber(1e9 / result.medianNsPerOp),
      subject ? `${(result.medianNsPerOp / subject.medianNsPerOp).toFixed(2)}x` : '',
    ]),
    notes,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

export function renderTable(table: BenchTable): string {
  const lines = [`#### ${table.title}`, '', `| ${table.columns.join(' | ')} |`, `| ${table.columns.map(() => '---').join(' | ')} |`];
  for (const row of table.rows) lines.push(`| ${row.join(' | ')} |`);
  for (const note of table.notes ?? []) lines.push('', note);
  return `${lines.join('\n')}\n`;
}

/** One line naming the machine, for RESULTS.md. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${osType()} ${release()}, Node ${process.version}`;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
