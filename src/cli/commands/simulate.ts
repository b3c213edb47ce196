import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { parseArgs } from 'node:util';
import { formatJsonLinesHistory } from '../../check/index.js';
import type { ConsistencyName } from '../../check/index.js';
import { formatReport } from '../../replication/format-report.js';
import { InputError } from '../../errors.js';
import { formatSweepLine, formatSweepSummary, type SweepTally } from '../../replication/format-sweep.js';
import type { SimulateRunJob } from '../../replication/simulate-run.js';
import type { MultiLeaderResolution } from '../../replication/multi-leader.js';
import { createProtocol, type ProtocolOptions, type SimulateOptions, simulate } from '../../replication/simulate.js';
import { systemRuntime } from '../../runtime/system-runtime.js';
import { type FaultKind, faultKinds } from '../../sim/fault.js';
import type { NetworkOptions } from '../../sim/network.js';
import { checkScenarioNodes, parseScenario, scenarioFaults, withoutUndefined } from '../../sim/scenario.js';
import type { WorkloadOptions } from '../../sim/workload.js';
import { workloadBounds } from '../../sim/workload-bounds.js';
import { oneOf, parseArguments, suggest, wholeNumberFlag } from '../arguments.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { outputDirectory, outputFile } from '../output-path.js';
import { inputName, readInputFile } from '../read-input.js';
import { Progress } from '../progress.js';
import { UsageError } from '../usage-error.js';
import { queueUrl } from './worker.js';

const help = `usage: pacelc simulate [SCENARIO.yaml] [options]

Runs a replication protocol in a deterministic simulated cluster, under a workload and faults,
then checks the history. The same seed and options replay the same run, byte for byte.
Flags override the scenario file.

protocol
  --protocol P          leaderless (default) | leader-follower (oracle failover) | raft | multi-leader
  --n N --w W --r R     leaderless replicas, write and read quorums (default 3, 2, 2)
  --nodes K             leaderless cluster size (default N; N+2 with --sloppy)
  --read-repair         repair stale replicas after reads
  --write-back          ABD: reads write back before answering, writes read versions first
  --sloppy              sloppy quorum with hinted handoff (--no-handoff to drop hints)
  --anti-entropy MS     leaderless background repair: home replicas push their keys every MS
  --counter-merge M     leaderless counters (--data-type counter): last-writer-wins (default) | pn-counter
  --mode M              leader-follower: synchronous | semi-synchronous | asynchronous (sync, semi-sync, async)
  --replicas K          leader-follower nodes, leader included (default 3)
  --acks K              semi-synchronous follower acks (default 1)
  --fencing             epochs granted by a majority; replicas reject deposed leaders
  --no-failover         never promote a follower
  --read-from W         leader (default) | any
  --read-index          leader reads only committed state, after a majority confirms leadership (Raft ReadIndex)
  --session-reads       followers answer a client only once they hold its session token position
  --replicas K          raft nodes too (default 3)
  --reads R             raft: read-index (default) | lease | local (known-bad: no ReadIndex)
  --pre-vote            raft: pre-vote before raising a term
  --check-quorum        raft: a leader without a majority steps down; followers ignore disruptive candidates
  --commit-old-terms    raft known-bad (figure 8): commit an earlier term's entry by counting replicas
  --unsynced-votes      raft known-bad: term and vote not fsynced (a disk fault loses a granted vote)
  --slow-leader-step-down MS
                        raft: a leader whose heartbeat round a majority has not confirmed within MS
                        steps down and sits out the next election (default off)
  --regions K           multi-leader: regions, one leader each (default 3)
  --resolution R        multi-leader conflicts: last-writer-wins (lww) | vector-clocks-with-siblings
                        (siblings) | crdt | application-merge (app-merge)
  --lww-clock C         hlc (default) | physical (each node's own skewed clock)
  --causal              a region applies a remote write only after its dependencies
  --session-tokens      a region serves a session only once it has applied what the session saw
  --durability D        fsync-per-write (default) | fsync-interval (acknowledged before fsync)

workload
  --ops K               operations (default 1000, at most 1,000,000)
  --clients K           concurrent clients (default 5, at most 10,000)
  --keys K              keys (default 3, at most 100,000)
  --mix R:W:C           read:write:cas weights (default 1:1:0)
  --data-type T         register (default) | counter | set | log: writes become increments, adds and
                        removes, or appends
  --zipf S              zipf key distribution with exponent S (default uniform)
  --timeout MS          client timeout (default 1000)
  --think MS            pause between a client's operations (default 10)

network and faults
  --latency MS          median node-to-node latency, lognormal σ 0.5 (default 1)
  --loss P              message loss probability (default 0)
  --duplicate P         duplication probability (default 0)
  --reorder             links may reorder (default FIFO)
  --faults LIST         none | comma list of: partition, partition-one-way, isolate, crash,
                        clock-skew, latency-spike, pause, disk-fault, message-loss,
                        message-duplication, message-reorder (aliases: one-way, skew, spike, loss,
                        duplicate, reorder), drawn from the seed
  --fault-interval MS   mean quiet time between drawn faults (default 1000)
  --fault-duration MS   mean duration of a drawn fault (default 1500)
  --settle MS           healing time after the workload (default 2000)

run and output
  --seed S              the seed (default: a random one, printed)
  --check C             linearizable (default) | read-your-writes | monotonic-reads |
                        monotonic-writes | writes-follow-reads | none
  --allow-lost-writes   do not count lost acknowledged writes as a violation
  --convergence         every replica must converge once the faults heal (default with multi-leader)
  --accept-discards     a register write dropped by last-writer-wins for a concurrent one is an
                        accepted cost, not a lost write
  --out DIR             write history.jsonl (what pacelc check reads), trace.log and report.json
  --html FILE           also write a report to FILE: one self-contained HTML page (opens from disk,
                        offline) with the nodes, clients and fault windows on a timeline, latency and
                        availability over time, the recovery after each fault, a Lamport diagram of
                        the messages, the operations the check blames and the replay command
  --messages A..B       the window of virtual time (ms) whose messages the report draws (default:
                        around the violation, else the first fault; at most 2,000 messages)
  --format F            text (default) | json

your own services
  --app FILE            run the world a module exports (pacelc/world): see pacelc simulate --app X --help

sweeps (the same lines in the same order, however the seeds are spread)
  --seeds A..B          run every seed from A to B: one line per seed, in seed order, then a tally
                        and the first refutation's replay command (--format json: one JSON line per seed)
  --jobs J              seeds run at once, on worker threads (default: one per core; a small sweep,
                        under 20,000 operations in all, runs on one; 1 runs them here)
  --fail-fast           stop at the first refuted seed
  --queue URL           publish the seeds to a NATS JetStream work queue instead, for pacelc worker URL
                        processes on any number of machines to run
  --ack-wait MS         with --queue: how long a seed may go without news from its worker (dead?) before
                        another worker gets it (default 15000)

exit codes: 0 the claim holds, 1 violated, 2 bad input, 3 undecided (checker budget)
`;

const options = {
  protocol: { type: 'string' },
  n: { type: 'string' },
  w: { type: 'string' },
  r: { type: 'string' },
  nodes: { type: 'string' },
  'read-repair': { type: 'boolean' },
  'anti-entropy': { type: 'string' },
  'write-back': { type: 'boolean' },
  sloppy: { type: 'boolean' },
  'no-handoff': { type: 'boolean' },
  mode: { type: 'string' },
  replicas: { type: 'string' },
  acks: { type: 'string' },
  fencing: { type: 'boolean' },
  'no-failover': { type: 'boolean' },
  'read-from': { type: 'string' },
  'read-index': { type: 'boolean' },
  'session-reads': { type: 'boolean' },
  reads: { type: 'string' },
  'pre-vote': { type: 'boolean' },
  'check-quorum': { type: 'boolean' },
  'commit-old-terms': { type: 'boolean' },
  'unsynced-votes': { type: 'boolean' },
  regions: { type: 'string' },
  resolution: { type: 'string' },
  'lww-clock': { type: 'string' },
  causal: { type: 'boolean' },
  'session-tokens': { type: 'boolean' },
  durability: { type: 'string' },
  'data-type': { type: 'string' },
  'counter-merge': { type: 'string' },
  'slow-leader-step-down': { type: 'string' },
  'accept-discards': { type: 'boolean' },
  convergence: { type: 'boolean' },
  ops: { type: 'string' },
  clients: { type: 'string' },
  keys: { type: 'string' },
  mix: { type: 'string' },
  zipf: { type: 'string' },
  timeout: { type: 'string' },
  think: { type: 'string' },
  latency: { type: 'string' },
  loss: { type: 'string' },
  duplicate: { type: 'string' },
  reorder: { type: 'boolean' },
  faults: { type: 'string' },
  'fault-interval': { type: 'string' },
  'fault-duration': { type: 'string' },
  settle: { type: 'string' },
  seed: { type: 'string' },
  check: { type: 'string' },
  'allow-lost-writes': { type: 'boolean' },
  out: { type: 'string' },
  html: { type: 'string' },
  messages: { type: 'string' },
  format: { type: 'string' },
  seeds: { type: 'string' },
  jobs: { type: 'string' },
  'fail-fast': { type: 'boolean' },
  queue: { type: 'string' },
  'ack-wait': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const consistencyChoices = ['linearizable', 'read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads', 'none'] as const;
const modeAliases: Record<string, 'synchronous' | 'semi-synchronous' | 'asynchronous'> = {
  synchronous: 'synchronous',
  sync: 'synchronous',
  'semi-synchronous': 'semi-synchronous',
  'semi-sync': 'semi-synchronous',
  asynchronous: 'asynchronous',
  async: 'asynchronous',
};
const resolutionAliases: Record<string, MultiLeaderResolution> = {
  'last-writer-wins': 'last-writer-wins',
  lww: 'last-writer-wins',
  'vector-clocks-with-siblings': 'vector-clocks-with-siblings',
  siblings: 'vector-clocks-with-siblings',
  crdt: 'crdt',
  'application-merge': 'application-merge',
  'app-merge': 'application-merge',
};
const faultAliases: Record<string, FaultKind> = { 'one-way': 'partition-one-way', skew: 'clock-skew', spike: 'latency-spike', partitions: 'partition', crashes: 'crash', loss: 'message-loss', duplicate: 'message-duplication', reorder: 'message-reorder' };

/**
 * `pacelc simulate`: simulate a protocol under faults, print the metrics, the checker's verdict
 * and the seed to replay.
 *
 * @example
 * ```sh
 * pacelc simulate --protocol leaderless --n 5 --w 3 --r 2 --faults partition --ops 10000 --seed 7
 * pacelc simulate examples/scenarios/leaderless-abd-partition.yaml --out run/
 * ```
 */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  if (args.some((arg) => arg === '--app' || arg.startsWith('--app='))) return (await import('./simulate-app.js')).runApp(args, io);
  const parsed = parseArguments(args, options);
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(help);
    return ExitCode.ok;
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one scenario file, received ${positionals.length}: ${positionals.join(' ')}`);
  const scenarioPath = positionals[0];
  const scenarioText = scenarioPath === undefined ? undefined : await readInputFile(scenarioPath, io.cwd, io.stdin);
  const scenarioFile = scenarioPath === undefined ? undefined : inputName(scenarioPath);
  const scenario = scenarioText === undefined ? undefined : parseScenario(scenarioText, { file: scenarioFile as string });

  const protocol = buildProtocol(values, scenario === undefined ? undefined : (withoutUndefined(scenario.protocol) as ProtocolOptions));
  const nodeCount = asInputError(() => createProtocol(protocol).nodeCount, scenarioFile);
  if (scenario !== undefined) checkScenarioNodes(scenario, nodeCount, { text: scenarioText as string, file: scenarioFile });
  const workload: WorkloadOptions = withoutUndefined({
    ...(scenario?.workload === undefined ? {} : withoutUndefined(scenario.workload)),
    ...(values.ops === undefined ? {} : { operations: wholeNumberFlag('--ops', values.ops, 1, workloadBounds.operations) }),
    ...(values.clients === undefined ? {} : { clients: wholeNumberFlag('--clients', values.clients, 1, workloadBounds.clients) }),
    ...(values.keys === undefined ? {} : { keys: wholeNumberFlag('--keys', values.keys, 1, workloadBounds.keys) }),
    ...(values.mix === undefined ? {} : { mix: parseMix(values.mix) }),
    ...(values.zipf === undefined ? {} : { keyDistribution: { zipf: number('--zipf', values.zipf, 0, true) } }),
    ...(values.timeout === undefined ? {} : { timeoutMs: number('--timeout', values.timeout, 0, true) }),
    ...(values.think === undefined ? {} : { thinkMs: number('--think', values.think, 0) }),
    ...(values['data-type'] === undefined ? {} : { dataType: choice('--data-type', values['data-type'], ['register', 'counter', 'set', 'log'] as const) }),
  }) as WorkloadOptions;
  const network: NetworkOptions = {
    ...(scenario?.network === undefined ? {} : (withoutUndefined(scenario.network) as NetworkOptions)),
    ...(values.latency === undefined ? {} : { latency: { distribution: 'lognormal', medianMs: number('--latency', values.latency, 0, true), sigma: 0.5 } }),
    ...(values.loss === undefined ? {} : { lossProbability: probability('--loss', values.loss) }),
    ...(values.duplicate === undefined ? {} : { duplicateProbability: probability('--duplicate', values.duplicate) }),
    ...(values.reorder === true ? { reorder: true } : {}),
  };
  let faults = scenario === undefined ? {} : scenarioFaults(scenario);
  if (values.faults !== undefined) {
    const kinds = parseFaultKinds(values.faults);
    const { random: _random, ...rest } = faults;
    faults = kinds.length === 0 ? rest : { ...rest, random: { ...(faults.random ?? {}), kinds } };
  }
  if (values['fault-interval'] !== undefined || values['fault-duration'] !== undefined) {
    if (faults.random === undefined) throw new UsageError('--fault-interval and --fault-duration need --faults (or faults.random in the scenario)');
    faults = {
      ...faults,
      random: {
        ...faults.random,
        ...(values['fault-interval'] === undefined ? {} : { meanIntervalMs: number('--fault-interval', values['fault-interval'], 0, true) }),
        ...(values['fault-duration'] === undefined ? {} : { meanDurationMs: number('--fault-duration', values['fault-duration'], 0, true) }),
      },
    };
  }
  const consistency = (values.check === undefined ? (scenario?.claim?.consistency ?? 'linearizable') : choice('--check', values.check, consistencyChoices)) as ConsistencyName | 'none';
  const noLostWrites = values['allow-lost-writes'] === true ? false : (scenario?.claim?.noLostWrites ?? true);
  const acceptConcurrentDiscards = values['accept-discards'] === true || scenario?.claim?.acceptConcurrentDiscards === true;
  const format = values.format === undefined ? 'text' : choice('--format', values.format, ['text', 'json'] as const);
  const seed = values.seed === undefined ? (scenario?.seed ?? systemRuntime().random.int(2 ** 31)) : wholeNumberFlag('--seed', values.seed, 0, Number.MAX_SAFE_INTEGER);
  const settleMs = values.settle === undefined ? scenario?.settleMs : number('--settle', values.settle, 0);
  const claim = { consistency, noLostWrites, ...(acceptConcurrentDiscards ? { acceptConcurrentDiscards } : {}), ...(values.convergence === true || scenario?.claim?.convergence === true ? { convergence: true } : {}) };
  const claimed = { protocol, workload, network, faults, ...(settleMs === undefined ? {} : { settleMs }), claim };
  if (values.seeds !== undefined) {
    if (values.seed !== undefined) throw new UsageError('--seed and --seeds exclude each other: --seeds A..B runs every seed from A to B');
    if (values.out !== undefined) throw new UsageError('--out keeps the files of one run: replay a seed of the sweep with --seed S --out DIR');
    if (values.html !== undefined) throw new UsageError('--html draws one run: replay a seed of the sweep with --seed S --html FILE');
    if (values.jobs !== undefined && values.queue !== undefined) throw new UsageError('--jobs and --queue exclude each other: with --queue, each pacelc worker sets its own --jobs');
    if (values['ack-wait'] !== undefined && values.queue === undefined) throw new UsageError('--ack-wait applies to a sweep on a queue: add --queue nats://HOST:4222');
    return sweepSeeds(args, values, io, claimed, format);
  }
  const sweepFlag = (['jobs', 'fail-fast', 'queue', 'ack-wait'] as const).find((flag) => values[flag] !== undefined);
  if (sweepFlag !== undefined) throw new UsageError(`--${sweepFlag} applies to a sweep: add --seeds A..B`);

  const outDir = values.out === undefined ? undefined : outputDirectory('--out', values.out, io.cwd);
  const htmlFile = values.html === undefined ? undefined : outputFile('--html', values.html, io.cwd);
  if (values.messages !== undefined && htmlFile === undefined) throw new UsageError('--messages chooses what the HTML report draws: add --html FILE');
  const messageWindow = values.messages === undefined ? undefined : parseWindow(values.messages);
  let traceFile: number | undefined;
  let traceBuffer: string[] = [];
  let traceBytes = 0;
  const flushTrace = (): void => {
    if (traceFile === undefined || traceBuffer.length === 0) return;
    writeSync(traceFile, traceBuffer.join(''));
    traceBuffer = [];
    traceBytes = 0;
  };
  if (outDir !== undefined) {
    traceFile = openSync(join(outDir, 'trace.log'), 'w');
  }
  // On a terminal: the share of operations done with the time left, then the checker's phase (nothing on a pipe).
  const progress = io.progress === undefined ? undefined : new Progress(io.progress, { unit: 'operations' });
  const totalOperations = workload.operations ?? 1_000;
  const simulateOptions: SimulateOptions = {
    seed,
    ...claimed,
    // --out writes the history even when the claim checks none
    ...(outDir === undefined ? {} : { keepHistory: true }),
    hashTrace: true,
    ...(traceFile === undefined
      ? {}
      : {
          trace: (line: string) => {
            traceBuffer.push(line, '\n');
            traceBytes += line.length + 1;
            if (traceBytes > 1 << 16) flushTrace();
          },
        }),
    ...(progress?.enabled === true
      ? {
          onProgress: (fraction: number) => progress.update(Math.floor(fraction * totalOperations), totalOperations),
          onCheck: ({ consistency: checked, operations }: { consistency: string; operations: number }) => progress.phase(`checking the history: ${checked}, ${operations.toLocaleString('en-US')} operations…`),
        }
      : {}),
  };
  let report;
  try {
    report = asInputError(() => simulate(simulateOptions), scenarioFile);
  } finally {
    progress?.clear();
    flushTrace();
    if (traceFile !== undefined) closeSync(traceFile);
  }
  const replay = replayCommand(args, seed);
  if (outDir !== undefined) {
    writeFileSync(join(outDir, 'history.jsonl'), formatJsonLinesHistory(report.history ?? []));
    writeFileSync(join(outDir, 'report.json'), `${JSON.stringify({ ...replayableSummary(report), replay }, null, 2)}\n`);
  }
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ ...replayableSummary(report), replay }, null, 2)}\n`);
  } else {
    io.stdout(formatReport(report, { color: io.color, replay }));
    if (outDir !== undefined) io.stdout(`wrote ${join(values.out as string, 'history.jsonl')}, trace.log and report.json (check again: pacelc check ${join(values.out as string, 'history.jsonl')} --model cas-register)\n`);
  }
  if (htmlFile !== undefined) {
    // The lab loads only when a report is asked for; it replays the run with its messages recorded.
    const { writeSimulateReport } = await import('../../lab/run-report.js');
    const { trace: _trace, onProgress: _onProgress, onCheck: _onCheck, ...options } = simulateOptions;
    const bytes = writeSimulateReport(htmlFile, { options, report, replay, ...(messageWindow === undefined ? {} : { messages: messageWindow }) });
    io.stderr(`report: ${values.html} (${bytes < 1_000_000 ? `${Math.max(1, Math.round(bytes / 1_000))} kB` : `${(bytes / 1_000_000).toFixed(1)} MB`})\n`);
  }
  return report.verdict === 'holds' ? ExitCode.ok : report.verdict === 'violated' ? ExitCode.violated : ExitCode.undecided;
}

/**
 * Runs `action`, turning the library's own option errors (`Invalid option …`, a RangeError or
 * TypeError naming the option) into bad input (exit 2): options that each pass on their own can
 * still contradict one another (a scenario's `nodes: 2` with `n: 3`).
 */
function asInputError<T>(action: () => T, file: string | undefined): T {
  try {
    return action();
  } catch (error) {
    if ((error instanceof RangeError || error instanceof TypeError) && error.message.startsWith('Invalid option ')) {
      throw new InputError([{ ...(file === undefined ? {} : { file }), message: error.message.replace(/^Invalid option /, 'the options do not fit together: ') }]);
    }
    throw error;
  }
}

/**
 * The report without its history and without the checker's wall-clock time: everything in it is
 * then a function of the seed and the options, so two runs write the same report.json, byte for byte.
 */
function replayableSummary(report: ReturnType<typeof simulate>): Omit<ReturnType<typeof simulate>, 'history'> {
  const { history: _history, ...summary } = report;
  if (summary.check === undefined) return summary;
  const { elapsedMs: _elapsedMs, ...stats } = summary.check.stats;
  return { ...summary, check: { ...summary.check, stats: stats as typeof summary.check.stats } };
}

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true }>>['values'];

/** `--seeds A..B`: every seed of the range through the sweep module, one line each in seed order. */
async function sweepSeeds(args: readonly string[], values: Values, io: CliIo, claimed: Omit<SimulateRunJob['options'], 'seed'>, format: 'text' | 'json'): Promise<number> {
  const [first, last] = seedRange(values.seeds as string);
  const jobs: SimulateRunJob[] = [];
  for (let seed = first; seed <= last; seed++) jobs.push({ kind: 'simulate', options: { ...claimed, seed } });
  const { runSweep, SweepQueueError } = await import('../../sweep/index.js');
  const progress = io.progress === undefined ? undefined : new Progress(io.progress, { unit: 'seeds' });
  const write = (text: string): void => {
    progress?.clear();
    io.stdout(text);
  };
  const tally = { runs: 0, planned: jobs.length, holds: 0, violated: 0, unknown: 0, stoppedEarly: false } as { -readonly [K in keyof SweepTally]: SweepTally[K] };
  if (format === 'text') write(`pacelc simulate: seeds ${first}–${last} (${jobs.length} run${jobs.length === 1 ? '' : 's'})\n`);
  try {
    const sweep = runSweep(jobs, {
      ...(values.jobs === undefined ? {} : { jobs: wholeNumberFlag('--jobs', values.jobs, 1, 1_024) }),
      ...(values.queue === undefined ? {} : { queue: queueUrl(values.queue) }),
      ...(values['ack-wait'] === undefined ? {} : { ackWaitMs: wholeNumberFlag('--ack-wait', values['ack-wait'], 1_000, 3_600_000) }),
      onQueued: ({ url, stream }) => io.stderr(`pacelc simulate: seeds queued on ${url} (stream ${stream}); run pacelc worker ${url} on each machine that should take them\n`),
    });
    for await (const result of sweep) {
      tally.runs++;
      tally[result.verdict === 'holds' ? 'holds' : result.verdict === 'violated' ? 'violated' : 'unknown']++;
      write(format === 'json' ? `${JSON.stringify(result)}\n` : `${formatSweepLine(result, { color: io.color, seedWidth: String(last).length })}\n`);
      progress?.update(tally.runs, jobs.length);
      if (result.verdict !== 'violated') continue;
      tally.firstViolation ??= { seed: result.seed, replay: replayCommand(args, result.seed) };
      if (values['fail-fast'] === true) {
        tally.stoppedEarly = tally.runs < jobs.length;
        break;
      }
    }
  } catch (error) {
    if (!(error instanceof SweepQueueError)) throw error;
    progress?.clear();
    io.stderr(`pacelc simulate: ${error.message}\n`);
    return ExitCode.badInput;
  } finally {
    progress?.clear();
  }
  if (format === 'text') write(formatSweepSummary(tally));
  return tally.violated > 0 ? ExitCode.violated : tally.unknown > 0 ? ExitCode.undecided : ExitCode.ok;
}

/** `A..B` (or a single seed `A`): the first and last seed of a sweep. */
function seedRange(text: string): [number, number] {
  const match = /^(\d+)(?:\.\.(\d+))?$/.exec(text.trim());
  const first = match === null ? Number.NaN : Number(match[1]);
  const last = match === null ? Number.NaN : Number(match[2] ?? match[1]);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last < first || last - first >= 1_000_000) {
    throw new UsageError(`--seeds must be a range A..B of whole numbers with A <= B and at most 1,000,000 seeds, e.g. --seeds 1..100, received "${text}"`);
  }
  return [first, last];
}

function buildProtocol(values: Values, fromScenario: ProtocolOptions | undefined): ProtocolOptions {
  const kind = values.protocol === undefined ? (fromScenario?.kind ?? 'leaderless') : choice('--protocol', values.protocol, ['leaderless', 'leader-follower', 'raft', 'multi-leader'] as const);
  const base = fromScenario !== undefined && fromScenario.kind === kind ? (withoutUndefined(fromScenario) as ProtocolOptions) : undefined;
  const leaderlessFlags = ['n', 'w', 'r', 'nodes', 'read-repair', 'write-back', 'sloppy', 'no-handoff', 'anti-entropy', 'counter-merge'] as const;
  const leaderFollowerFlags = ['mode', 'replicas', 'acks', 'fencing', 'no-failover', 'read-from', 'read-index', 'session-reads'] as const;
  const raftFlags = ['reads', 'pre-vote', 'check-quorum', 'commit-old-terms', 'unsynced-votes', 'slow-leader-step-down'] as const;
  const multiLeaderFlags = ['regions', 'resolution', 'lww-clock', 'causal', 'session-tokens', 'durability'] as const;
  const foreign: readonly (keyof Values)[] =
    kind === 'leaderless'
      ? [...leaderFollowerFlags, ...raftFlags, ...multiLeaderFlags]
      : kind === 'raft'
        ? [...leaderlessFlags, ...leaderFollowerFlags.filter((flag) => flag !== 'replicas'), ...multiLeaderFlags]
        : kind === 'multi-leader'
          ? [...leaderlessFlags, ...leaderFollowerFlags, ...raftFlags]
          : [...leaderlessFlags, ...raftFlags, ...multiLeaderFlags];
  const misplaced = foreign.filter((flag) => values[flag] !== undefined);
  if (misplaced.length > 0) throw new UsageError(`--${String(misplaced[0])} does not apply to --protocol ${kind}`);
  if (kind === 'multi-leader') {
    const previous = base?.kind === 'multi-leader' ? base : undefined;
    const resolution = values.resolution === undefined ? previous?.conflictResolution : (resolutionAliases[values.resolution] ?? choice('--resolution', values.resolution, Object.values(resolutionAliases)));
    if (resolution === undefined) throw new UsageError('--protocol multi-leader needs --resolution (last-writer-wins, vector-clocks-with-siblings, crdt or application-merge)');
    const dataType = values['data-type'] === undefined ? previous?.dataType : choice('--data-type', values['data-type'], ['register', 'counter', 'set', 'log'] as const);
    return {
      ...previous,
      kind,
      conflictResolution: resolution,
      ...(dataType === undefined ? {} : { dataType }),
      ...(values.regions === undefined ? {} : { regions: wholeNumberFlag('--regions', values.regions, 2, 16) }),
      ...(values['lww-clock'] === undefined ? {} : { lwwClock: choice('--lww-clock', values['lww-clock'], ['hlc', 'physical'] as const) }),
      ...(values.causal === true ? { causalDelivery: true } : {}),
      ...(values['session-tokens'] === true ? { sessionTokens: true } : {}),
      ...(values.durability === undefined ? {} : { durability: choice('--durability', values.durability, ['fsync-per-write', 'fsync-interval'] as const) }),
    };
  }
  if (kind === 'raft') {
    const previous = base?.kind === 'raft' ? base : undefined;
    return {
      ...previous,
      kind,
      replicas: values.replicas === undefined ? (previous?.replicas ?? 3) : wholeNumberFlag('--replicas', values.replicas, 1, 30),
      ...(values.reads === undefined ? {} : { reads: choice('--reads', values.reads, ['read-index', 'lease', 'local'] as const) }),
      ...(values['pre-vote'] === true ? { preVote: true } : {}),
      ...(values['check-quorum'] === true ? { checkQuorum: true } : {}),
      ...(values['commit-old-terms'] === true ? { commitOldTermEntries: true } : {}),
      ...(values['unsynced-votes'] === true ? { unsyncedVotes: true } : {}),
      ...(values['slow-leader-step-down'] === undefined ? {} : { slowLeaderStepDownMs: number('--slow-leader-step-down', values['slow-leader-step-down'], 0) }),
    };
  }
  if (kind === 'leaderless') {
    const previous = base?.kind === 'leaderless' ? base : undefined;
    const n = values.n === undefined ? (previous?.n ?? 3) : wholeNumberFlag('--n', values.n, 1, 30);
    const w = values.w === undefined ? (previous?.w ?? Math.min(n, Math.floor(n / 2) + 1)) : wholeNumberFlag('--w', values.w, 1, n);
    const r = values.r === undefined ? (previous?.r ?? Math.min(n, Math.floor(n / 2) + 1)) : wholeNumberFlag('--r', values.r, 1, n);
    return {
      ...previous,
      kind,
      n,
      w,
      r,
      ...(values.nodes === undefined ? {} : { nodes: wholeNumberFlag('--nodes', values.nodes, n, 30) }),
      ...(values['read-repair'] === true ? { readRepair: true } : {}),
      ...(values['write-back'] === true ? { writeBackOnRead: true } : {}),
      ...(values.sloppy === true ? { sloppyQuorum: true } : {}),
      ...(values['no-handoff'] === true ? { hintedHandoff: false } : {}),
      ...(values['anti-entropy'] === undefined ? {} : { antiEntropyIntervalMs: number('--anti-entropy', values['anti-entropy'], 0) }),
      ...(values['data-type'] === 'counter' ? { dataType: 'counter' as const } : {}),
      ...(values['counter-merge'] === undefined ? {} : { counterMerge: choice('--counter-merge', values['counter-merge'], ['last-writer-wins', 'pn-counter'] as const) }),
    };
  }
  const previous = base?.kind === 'leader-follower' ? base : undefined;
  let mode = previous?.mode ?? 'asynchronous';
  if (values.mode !== undefined) {
    const resolved = modeAliases[values.mode];
    if (resolved === undefined) throw new UsageError(`--mode must be synchronous, semi-synchronous or asynchronous, received "${values.mode}"${hint(values.mode, Object.keys(modeAliases))}`);
    mode = resolved;
  }
  const replicas = values.replicas === undefined ? (previous?.replicas ?? 3) : wholeNumberFlag('--replicas', values.replicas, 1, 30);
  return {
    ...previous,
    kind,
    mode,
    replicas,
    ...(values.acks === undefined ? {} : { synchronousAcks: wholeNumberFlag('--acks', values.acks, 0, replicas - 1) }),
    ...(values.fencing === true ? { fencing: true } : {}),
    ...(values['no-failover'] === true ? { failover: false } : {}),
    ...(values['read-from'] === undefined ? {} : { readFrom: choice('--read-from', values['read-from'], ['leader', 'any'] as const) }),
    ...(values['read-index'] === true ? { readIndex: true } : {}),
    ...(values['session-reads'] === true ? { sessionReads: true } : {}),
  };
}

function parseFaultKinds(text: string): FaultKind[] {
  if (text === 'none' || text === '') return [];
  return text.split(',').map((raw) => {
    const name = raw.trim();
    const kind = faultAliases[name] ?? (faultKinds as readonly string[]).find((candidate) => candidate === name);
    if (kind === undefined) throw new UsageError(`--faults: unknown fault "${name}"; expected none or a comma list of ${faultKinds.join(', ')}${hint(name, [...faultKinds, ...Object.keys(faultAliases)])}`);
    return kind as FaultKind;
  });
}

function parseMix(text: string): { read: number; write: number; cas: number } {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3) throw new UsageError(`--mix must be READ:WRITE or READ:WRITE:CAS weights, received "${text}"`);
  const [read, write, cas] = parts.map((part) => number('--mix', part, 0));
  const mix = { read: read as number, write: write as number, cas: cas ?? 0 };
  if (mix.read + mix.write + mix.cas === 0) throw new UsageError('--mix needs at least one weight above 0');
  return mix;
}


function number(flag: string, text: string, min: number, exclusive = false): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || (exclusive && value === min)) {
    throw new UsageError(`${flag} must be a number ${exclusive ? 'above' : 'of at least'} ${min}, received "${text}"`);
  }
  return value;
}

function probability(flag: string, text: string): number {
  const value = number(flag, text, 0);
  if (value > 1) throw new UsageError(`${flag} must be a probability from 0 to 1, received "${text}"`);
  return value;
}

function choice<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  return oneOf(flag, text, choices);
}

function hint(text: string, candidates: readonly string[]): string {
  return suggest(text, candidates);
}

/** The command line that replays this run: the same arguments with this seed (without the output directory and a sweep's flags). */
function replayCommand(args: readonly string[], seed: number): string {
  const kept: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--seed') {
      index++;
      continue;
    }
    if (arg.startsWith('--seed=')) continue;
    const flag = arg.split('=')[0] as string;
    if (['--out', '--html', '--messages', '--seeds', '--jobs', '--queue', '--ack-wait'].includes(flag)) {
      if (!arg.includes('=')) index++;
      continue;
    }
    if (arg === '--fail-fast') continue;
    kept.push(/^[\w./:=,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  }
  return ['pacelc simulate', ...kept, '--seed', String(seed)].join(' ');
}

/** `--messages A..B`: a window of virtual time in ms, A < B. */
function parseWindow(text: string): { fromMs: number; toMs: number } {
  const match = /^(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?)$/.exec(text.trim());
  const fromMs = Number(match?.[1]);
  const toMs = Number(match?.[2]);
  if (match === null || !(toMs > fromMs)) throw new UsageError(`--messages must be a window of virtual time in ms, A..B with A < B (e.g. 1000..1250), received "${text}"`);
  return { fromMs, toMs };
}
