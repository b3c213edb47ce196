import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Design } from '../../advisor/design-types.js';
import { type FaultKind, faultKinds } from '../../sim/fault.js';
import { looksLikeDesign, parseDesignJson } from '../../verify/design-input.js';
import { oneOf, parseArguments, suggest } from '../arguments.js';
import { SweepQueueError } from '../../sweep/sweep-errors.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { outputDirectory, outputFile } from '../output-path.js';
import { inputName, readInputFile } from '../read-input.js';
import { UsageError } from '../usage-error.js';
import { queueUrl } from './worker.js';

const help = `usage: pacelc verify SPEC|DESIGN.json [--seeds K] [--seed S] [--ops N] [--clients C]
                     [--faults LIST] [--entity NAME ...] [--format text|json] [--out DIR] [--html FILE] [--require-all]
                     [--jobs J] [--fail-fast] [--queue nats://HOST:4222 [--ack-wait MS]]

Verifies what a design claims. For each entity it simulates the replication the design chose
(leader-follower mode, replicas and fencing; or leaderless N, W, R, read repair, write-back),
under partitions and crashes drawn from each seed, and checks every recorded history against the
chosen consistency model (linearizability; the four session guarantees for causal; the staleness
bound) and, where the design promises RPO 0, against losing acknowledged writes. A violation
prints the seed and the pacelc simulate command that replays it.

SPEC is a pacelc design spec (YAML or JSON); DESIGN.json is the output of pacelc design --format json.

options:
  --seeds K        simulated runs per entity (default 5)
  --seed S         first seed (default 1); runs use S, S+1, ...
  --ops N          client operations per run (default 1000)
  --clients C      concurrent clients per run (default 5)
  --faults LIST    comma list of partition, partition-one-way, isolate, crash, clock-skew,
                   latency-spike, pause, disk-fault, message-loss, message-duplication,
                   message-reorder (default partition,crash,latency-spike,clock-skew)
  --entity NAME    only this entity (repeatable)
  --format F       text (default) or json
  --out DIR        write report.json and, for each refuted entity, the violating history
                   (NAME-seedS.history.jsonl, which pacelc check reads)
  --html FILE      also write a report to FILE: one self-contained HTML page (opens from disk,
                   offline) with each entity's claim and runs, and one run per entity drawn (the
                   seed that refuted it, else the first): faults, latency and availability over
                   time, recovery, messages, the operations the check blames, the replay command
  --require-all    exit 3 when an entity cannot be verified (no simulator model, or a claim
                   such as eventual consistency that a finite history cannot refute)

sweeps (the report is the same however the runs are spread):
  --jobs J         runs at once, on worker threads (default: one per core; 1 runs them here)
  --fail-fast      stop at the first refuted run (entity order, then seed order) and print its replay
  --queue URL      publish the runs to a NATS JetStream work queue instead, for pacelc worker URL
                   processes on any number of machines to run
  --ack-wait MS    with --queue: how long a run may go without news from its worker (dead?) before
                   another worker gets it (default 15000)
  -h, --help       show this help

exit codes: 0 every checked claim holds; 1 a claim is refuted; 2 bad input;
3 undecided (a check ran out of budget, or --require-all and something was not verified).

example: pacelc verify examples/specs/bank-ledger.yaml --seeds 3
`;

const faultNames = faultKinds;
type FaultName = FaultKind;

/** `pacelc verify`: see {@link help}. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArguments(args, {
    seeds: { type: 'string' },
    seed: { type: 'string' },
    ops: { type: 'string' },
    clients: { type: 'string' },
    faults: { type: 'string' },
    entity: { type: 'string', multiple: true },
    format: { type: 'string' },
    out: { type: 'string' },
    html: { type: 'string' },
    'require-all': { type: 'boolean' },
    jobs: { type: 'string' },
    'fail-fast': { type: 'boolean' },
    queue: { type: 'string' },
    'ack-wait': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(help);
    return ExitCode.ok;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('missing the spec or design file, e.g. pacelc verify examples/specs/bank-ledger.yaml');
  if (extra.length > 0) throw new UsageError(`one file at a time; unexpected ${extra.map((value) => `"${value}"`).join(', ')}`);
  const format = oneOf('--format', values.format ?? 'text', ['text', 'json']);
  const faults = values.faults === undefined ? undefined : parseFaults(values.faults);
  if (values['ack-wait'] !== undefined && values.queue === undefined) throw new UsageError('--ack-wait applies to a sweep on a queue: add --queue nats://HOST:4222');
  if (values.jobs !== undefined && values.queue !== undefined) throw new UsageError('--jobs and --queue exclude each other: with --queue, each pacelc worker sets its own --jobs');

  // Sizes are checked before the input is read or anything is allocated.
  const { maxSeeds } = await import('../../verify/verify-design.js');
  const sizes = {
    ...optionalInteger('seeds', values.seeds, 1, maxSeeds),
    ...optionalInteger('firstSeed', values.seed, 0, Number.MAX_SAFE_INTEGER, '--seed'),
    ...optionalInteger('operations', values.ops, 1, 1_000_000, '--ops'),
    ...optionalInteger('clients', values.clients, 1, 100),
  };
  const directory = values.out === undefined ? undefined : outputDirectory('--out', values.out, io.cwd);
  const htmlFile = values.html === undefined ? undefined : outputFile('--html', values.html, io.cwd);
  const text = await readInputFile(file, io.cwd, io.stdin);
  const { design, stalenessBoundsMs } = await loadDesign(text, inputName(file));
  const [{ formatVerification }, { sweepVerification }, { Progress }] = await Promise.all([import('../../verify/index.js'), import('../../sweep/index.js'), import('../progress.js')]);
  const progress = io.progress === undefined ? undefined : new Progress(io.progress, { unit: 'runs' });
  let report;
  try {
    report = await sweepVerification(design, {
      ...sizes,
      ...(faults === undefined ? {} : { faults }),
      ...(values.entity === undefined ? {} : { entities: checkEntities(values.entity, design) }),
      stalenessBoundsMs,
      ...optionalInteger('jobs', values.jobs, 1, 1_024),
      ...(values['fail-fast'] === true ? { failFast: true } : {}),
      ...(values.queue === undefined ? {} : { queue: queueUrl(values.queue) }),
      ...optionalInteger('ackWaitMs', values['ack-wait'], 1_000, 3_600_000, '--ack-wait'),
      ...(values.out === undefined ? {} : { withViolationHistory: true }),
      ...(progress === undefined ? {} : { onProgress: (done: number, total: number) => progress.update(done, total) }),
      onQueued: ({ url, stream }) => io.stderr(`pacelc verify: runs queued on ${url} (stream ${stream}); run pacelc worker ${url} on each machine that should take them\n`),
    });
  } catch (error) {
    if (!(error instanceof SweepQueueError)) throw error;
    io.stderr(`pacelc verify: ${error.message}\n`);
    return ExitCode.badInput;
  } finally {
    progress?.clear();
  }

  const withoutHistories = {
    ...report,
    entities: report.entities.map(({ firstViolation, ...entity }) => ({
      ...entity,
      ...(firstViolation === undefined ? {} : { firstViolation: { seed: firstViolation.seed, findings: firstViolation.findings, checks: firstViolation.checks } }),
    })),
  };
  io.stdout(format === 'json' ? `${JSON.stringify(withoutHistories, null, 2)}\n` : formatVerification(report, { color: io.color }));
  if (directory !== undefined && values.out !== undefined) {
    await writeFile(join(directory, 'report.json'), `${JSON.stringify(withoutHistories, null, 2)}\n`);
    const { formatJsonLinesHistory } = await import('../../check/index.js');
    for (const entity of report.entities) {
      const violation = entity.firstViolation;
      if (violation?.history === undefined) continue;
      const name = `${entity.entity.replace(/[^\w.-]+/g, '_')}-seed${violation.seed}.history.jsonl`;
      await writeFile(join(directory, name), formatJsonLinesHistory(violation.history));
      io.stderr(`pacelc verify: wrote ${join(values.out, name)} (pacelc check ${join(values.out, name)} --model cas-register)\n`);
    }
  }
  if (htmlFile !== undefined) {
    // The lab loads only when a report is asked for; it replays one run per entity with its messages.
    const { writeVerifyReport } = await import('../../lab/verify-report.js');
    const bytes = writeVerifyReport(htmlFile, report);
    io.stderr(`report: ${values.html} (${bytes < 1_000_000 ? `${Math.max(1, Math.round(bytes / 1_000))} kB` : `${(bytes / 1_000_000).toFixed(1)} MB`})\n`);
  }
  if (report.verdict === 'violated') return ExitCode.violated;
  if (report.verdict === 'unknown') return ExitCode.undecided;
  if (values['require-all'] === true && report.entities.some((entity) => entity.verdict === 'not-modelled' || entity.verdict === 'measured')) return ExitCode.undecided;
  return ExitCode.ok;
}

/** A design from `pacelc design --format json` output, or from a spec run through the advisor. */
async function loadDesign(text: string, file: string): Promise<{ design: Design; stalenessBoundsMs: Map<string, number> }> {
  // Staleness bounds come with the design (each entity echoes its requirements).
  const stalenessBoundsMs = new Map<string, number>();
  const asJson = tryJson(text);
  if (looksLikeDesign(asJson)) return { design: parseDesignJson(text, file), stalenessBoundsMs };
  const [{ parseSpec }, { design }] = await Promise.all([import('../../advisor/spec/parse.js'), import('../../advisor/design.js')]);
  return { design: design(parseSpec(text, { file })), stalenessBoundsMs };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseFaults(list: string): FaultName[] {
  const names = list.split(',').map((name) => name.trim()).filter((name) => name !== '');
  for (const name of names) {
    if (!(faultNames as readonly string[]).includes(name)) throw new UsageError(`--faults: unknown fault "${name}"; expected a comma list of ${faultNames.join(', ')}${suggest(name, faultNames)}`);
  }
  if (names.length === 0) throw new UsageError('--faults: name at least one fault');
  return names as FaultName[];
}

function checkEntities(names: readonly string[], design: Design): string[] {
  const known = design.entities.map((entity) => entity.name);
  for (const name of names) {
    if (!known.includes(name)) throw new UsageError(`--entity: no entity "${name}" in the design; it has ${known.join(', ')}${suggest(name, known)}`);
  }
  return [...names];
}

function optionalInteger<K extends string>(key: K, raw: string | undefined, min: number, max: number, flag = `--${key}`): Partial<Record<K, number>> {
  if (raw === undefined) return {};
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'any' : max}, received "${raw}"`);
  }
  return { [key]: value } as Partial<Record<K, number>>;
}

