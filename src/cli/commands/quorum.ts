/**
 * `pacelc quorum`: analyse an N/W/R quorum configuration, or tabulate every W and R for one N.
 */
import {
  analyzeQuorum,
  estimateQuorumLatency,
  lognormalLatency,
  maxQuorumReplicas,
  ordinal,
  type QuorumAnalysis,
  type QuorumLatencyEstimate,
} from '../../advisor/quorum.js';
import { oneOf, parseArguments } from '../arguments.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';

const helpText = `usage: pacelc quorum --n N --w W --r R [--sloppy] [--write-back] [--format text|json]
       pacelc quorum --n N            (a table of every W and R for N replicas)

Analyse a leaderless (Dynamo-style) quorum: N copies, writes wait for W acknowledgements,
reads for R replies.

options:
  --n N                      replicas of each item (1 to ${maxQuorumReplicas})
  --w W                      acknowledgements a write waits for (1 to N)
  --r R                      replies a read waits for (1 to N)
  --sloppy                   sloppy quorum with hinted handoff (writes may land outside the N home replicas)
  --write-back               reads write the value they return back to W replicas before returning (ABD)
  --latency-median-ms MS     estimate read and write latency from one replica's median ...
  --latency-p99-ms MS        ... and p99 response time (a log-normal fit; needs both)
  --replica-latency-ms LIST  or give each replica its own MEDIAN/P99, comma-separated, N of them
                             (placements across regions), e.g. 1/10,1/10,70/110,70/110,70/110
  --coordinator-is-replica   the coordinator holds one of the N copies (Cassandra, Riak, Dynamo);
                             with --replica-latency-ms it holds the first one listed
  --format text|json         output format (default text)
  -h, --help                 show this help

It reports whether every read quorum meets every write quorum (W + R > N), whether two write
quorums meet (2W > N), how many replica failures writes (N - W) and reads (N - R) survive, which
order statistic of replica latency each waits for, and the guarantee: linearizable only with
overlap, strict quorums and write-back on reads; regular with overlap alone; none otherwise.

examples:
  pacelc quorum --n 5 --w 3 --r 3 --write-back
  pacelc quorum --n 3 --w 2 --r 2 --latency-median-ms 2 --latency-p99-ms 40
  pacelc quorum --n 5 --w 3 --r 2 --replica-latency-ms 1/10,1/10,70/110,70/110,70/110
  pacelc quorum --n 5
`;

/**
 * Runs `pacelc quorum`; see the help text.
 *
 * @example
 * ```ts
 * const exitCode = await run(['--n', '5', '--w', '3', '--r', '3', '--format', 'json'], processIo());
 * ```
 */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseFlags(args);
  if (values.help === true) {
    io.stdout(helpText);
    return ExitCode.ok;
  }
  const format = oneOf('--format', values.format ?? 'text', ['text', 'json']);
  if (values.n === undefined) throw new UsageError('missing --n (the number of replicas)');
  const n = wholeNumber('--n', values.n, 1, maxQuorumReplicas);
  if (values.w === undefined && values.r === undefined) {
    if (n > 15) throw new UsageError(`a table of every W and R is printed for N up to 15, received --n ${n}; give --w and --r`);
    const grid = quorumGrid(n, { sloppy: values.sloppy === true, writeBackOnRead: values['write-back'] === true });
    io.stdout(format === 'json' ? `${JSON.stringify(grid, null, 2)}\n` : renderGrid(n, grid, io.color));
    return ExitCode.ok;
  }
  if (values.w === undefined) throw new UsageError('missing --w (write acknowledgements); give both --w and --r, or neither for a table');
  if (values.r === undefined) throw new UsageError('missing --r (read replies); give both --w and --r, or neither for a table');
  const w = wholeNumber('--w', values.w, 1, n);
  const r = wholeNumber('--r', values.r, 1, n);
  const analysis = analyzeQuorum({ n, w, r, sloppy: values.sloppy === true, writeBackOnRead: values['write-back'] === true });
  const latency = latencyEstimate(values, { n, w, r });
  if (format === 'json') {
    io.stdout(`${JSON.stringify(latency === undefined ? analysis : { ...analysis, latency }, null, 2)}\n`);
  } else {
    io.stdout(renderAnalysis(analysis, latency, io.color));
  }
  return ExitCode.ok;
}

type Flags = ReturnType<typeof parseFlags>;

function parseFlags(args: readonly string[]) {
  return parseArguments(
    args,
    {
      n: { type: 'string' },
      w: { type: 'string' },
      r: { type: 'string' },
      sloppy: { type: 'boolean' },
      'write-back': { type: 'boolean' },
      'latency-median-ms': { type: 'string' },
      'latency-p99-ms': { type: 'string' },
      'replica-latency-ms': { type: 'string' },
      'coordinator-is-replica': { type: 'boolean' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  ).values;
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = flag === '--n' ? `from ${min} to ${max}` : `from ${min} to N (${max})`;
    throw new UsageError(`${flag} must be a whole number ${range}, received ${JSON.stringify(text)}`);
  }
  return value;
}

function positiveNumber(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} must be a number of milliseconds > 0, received ${JSON.stringify(text)}`);
  return value;
}

function latencyEstimate(values: Flags, quorum: { n: number; w: number; r: number }): QuorumLatencyEstimate | undefined {
  const medianText = values['latency-median-ms'];
  const p99Text = values['latency-p99-ms'];
  const placement = values['replica-latency-ms'];
  const coordinatorIsReplica = values['coordinator-is-replica'] === true;
  if (placement !== undefined) {
    if (medianText !== undefined || p99Text !== undefined) throw new UsageError('give either --replica-latency-ms or --latency-median-ms with --latency-p99-ms, not both');
    const entries = placement.split(',');
    if (entries.length !== quorum.n) throw new UsageError(`--replica-latency-ms needs one MEDIAN/P99 per replica (${quorum.n}), received ${entries.length}`);
    const replicas = entries.map((entry, index) => {
      const [median, p99, extra] = entry.split('/');
      if (median === undefined || p99 === undefined || extra !== undefined) throw new UsageError(`--replica-latency-ms entry ${index + 1} must be MEDIAN/P99 in ms, received ${JSON.stringify(entry)}`);
      const medianMs = positiveNumber(`--replica-latency-ms entry ${index + 1} median`, median);
      const p99Ms = positiveNumber(`--replica-latency-ms entry ${index + 1} p99`, p99);
      if (p99Ms <= medianMs) throw new UsageError(`--replica-latency-ms entry ${index + 1}: the p99 (${p99Ms}) must be greater than the median (${medianMs})`);
      return lognormalLatency({ medianMs, p99Ms });
    });
    return estimateQuorumLatency(quorum, { replicas, coordinatorIsReplica });
  }
  if (medianText === undefined && p99Text === undefined) {
    if (coordinatorIsReplica) throw new UsageError('--coordinator-is-replica only applies to a latency estimate: add --latency-median-ms and --latency-p99-ms, or --replica-latency-ms');
    return undefined;
  }
  if (medianText === undefined || p99Text === undefined) throw new UsageError('a latency estimate needs both --latency-median-ms and --latency-p99-ms');
  const medianMs = positiveNumber('--latency-median-ms', medianText);
  const p99Ms = positiveNumber('--latency-p99-ms', p99Text);
  if (p99Ms <= medianMs) throw new UsageError(`--latency-p99-ms (${p99Ms}) must be greater than --latency-median-ms (${medianMs})`);
  return estimateQuorumLatency(quorum, { distribution: lognormalLatency({ medianMs, p99Ms }), coordinatorIsReplica });
}

// ---------------------------------------------------------------------------------------------
// Rendering

interface Paint {
  good(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

function paint(color: boolean): Paint {
  const wrap = (code: string) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { good: wrap('32'), bad: wrap('31'), warn: wrap('33'), bold: wrap('1'), dim: wrap('2') };
}

function guaranteeLabel(analysis: QuorumAnalysis, p: Paint): string {
  switch (analysis.guarantee) {
    case 'linearizable':
      return p.good('linearizable (atomic register)');
    case 'regular':
      return p.warn('regular register: reads see the last completed write, not linearizable');
    case 'none':
      return p.bad('none: stale reads possible (eventual at best)');
  }
}

function renderAnalysis(a: QuorumAnalysis, latency: QuorumLatencyEstimate | undefined, color: boolean): string {
  const p = paint(color);
  const yes = (ok: boolean) => (ok ? p.good('yes') : p.bad('no '));
  const flags = [a.sloppy ? 'sloppy' : 'strict', a.writeBackOnRead ? 'write-back on reads' : 'no write-back on reads'].join(', ');
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const coordinator = (k: number, of: number) => (k === 0 ? 'no wait (its own copy)' : `the ${k === 1 ? 'fastest' : `${ordinal(k)} fastest`} of the other ${of}`);
  const rows: [string, string][] = [
    ['read/write overlap', `${yes(a.readWriteOverlap)}  W + R = ${a.w + a.r} ${a.readWriteOverlap ? '>' : '≤'} N = ${a.n}${a.readWriteOverlap ? `: every read quorum shares ≥ ${a.readWriteOverlapMinimum} replica${a.readWriteOverlapMinimum === 1 ? '' : 's'} with every write quorum` : ': a read quorum can miss the latest write'}`],
    ['write/write overlap', `${yes(a.writeWriteOverlap)}  2W = ${2 * a.w} ${a.writeWriteOverlap ? '>' : '≤'} N = ${a.n}${a.writeWriteOverlap ? ': any two write quorums share a replica' : ': two writes can miss each other'}`],
    ['writes survive', `${plural(a.writeFailuresTolerated, 'replica failure')} (N − W)`],
    ['reads survive', `${plural(a.readFailuresTolerated, 'replica failure')} (N − R)`],
    ['both survive', `${plural(a.failuresToleratedByBoth, 'replica failure')} (N − max(W, R))`],
    ['a write waits for', `${a.writeWait.description}; if the coordinator holds a copy: ${coordinator(a.writeWait.coordinatorIsReplica.fastest, a.writeWait.coordinatorIsReplica.of)}`],
    ['a read waits for', `${a.readWait.description}; if the coordinator holds a copy: ${coordinator(a.readWait.coordinatorIsReplica.fastest, a.readWait.coordinatorIsReplica.of)}`],
    ['guarantee', guaranteeLabel(a, p)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [p.bold(`Quorum N=${a.n} W=${a.w} R=${a.r} (${flags})`), ''];
  for (const [label, value] of rows) lines.push(`  ${label.padEnd(width)}  ${value}`);
  if (latency !== undefined) {
    const ms = (value: number) => `${value < 9.995 ? value.toFixed(2) : value.toFixed(1)} ms`;
    const perReplica = latency.distribution.includes(' × ') ? latency.distribution : `${latency.distribution} per replica`;
    lines.push('', p.bold(`Latency (${perReplica}, independent${latency.coordinatorIsReplica ? ', coordinator holds a copy' : ''})`), '');
    lines.push(`  ${''.padEnd(14)}  ${'p50'.padStart(10)}  ${'p99'.padStart(10)}  ${'p99.9'.padStart(10)}`);
    for (const [label, value] of [[perReplica === latency.distribution ? 'first replica' : 'one replica', latency.singleReplica], [`write (W=${a.w})`, latency.write], [`read (R=${a.r})`, latency.read]] as const) {
      lines.push(`  ${label.padEnd(14)}  ${ms(value.p50Ms).padStart(10)}  ${ms(value.p99Ms).padStart(10)}  ${ms(value.p999Ms).padStart(10)}`);
    }
    if (a.writeBackOnRead) lines.push('', p.dim('  A read whose replies disagree adds a write-back phase (another wait for the W-th fastest), not included above.'));
  }
  lines.push('', `${p.bold('verdict:')} ${a.summary}`);
  if (a.caveats.length > 0) {
    lines.push('', p.bold('caveats:'));
    for (const caveat of a.caveats) lines.push(`  - ${caveat}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One cell of the table of every W and R for one N. */
interface GridCell {
  readonly w: number;
  readonly r: number;
  readonly guarantee: QuorumAnalysis['guarantee'];
  readonly writeWriteOverlap: boolean;
  readonly writeFailuresTolerated: number;
  readonly readFailuresTolerated: number;
}

function quorumGrid(n: number, flags: { sloppy: boolean; writeBackOnRead: boolean }): GridCell[] {
  const cells: GridCell[] = [];
  for (let w = 1; w <= n; w += 1) {
    for (let r = 1; r <= n; r += 1) {
      const a = analyzeQuorum({ n, w, r, ...flags });
      cells.push({ w, r, guarantee: a.guarantee, writeWriteOverlap: a.writeWriteOverlap, writeFailuresTolerated: a.writeFailuresTolerated, readFailuresTolerated: a.readFailuresTolerated });
    }
  }
  return cells;
}

function renderGrid(n: number, cells: readonly GridCell[], color: boolean): string {
  const p = paint(color);
  const mark = (cell: GridCell) =>
    cell.guarantee === 'linearizable' ? p.good('L') : cell.guarantee === 'regular' ? p.warn('R') : p.bad('.');
  const lines = [p.bold(`Every W and R for N=${n}`), '', `  ${'W \\ R'.padEnd(6)}${Array.from({ length: n }, (_, i) => String(i + 1).padStart(3)).join('')}   writes survive  2W > N`];
  for (let w = 1; w <= n; w += 1) {
    const row = cells.filter((cell) => cell.w === w);
    const first = row[0];
    lines.push(`  ${String(w).padEnd(6)}${row.map((cell) => `  ${mark(cell)}`).join('')}   ${String(first?.writeFailuresTolerated ?? 0).padStart(14)}  ${first?.writeWriteOverlap === true ? p.good('yes') : p.bad('no')}`);
  }
  lines.push(
    '',
    `  L linearizable (overlap + strict + write-back)   R regular (W + R > N)   . no guarantee (W + R ≤ N${cells.some((c) => c.guarantee === 'none' && c.w + c.r > n) ? ', or sloppy' : ''})`,
    `  reads survive N − R failures; run with --w W --r R for the full analysis of one cell.`,
  );
  return `${lines.join('\n')}\n`;
}
