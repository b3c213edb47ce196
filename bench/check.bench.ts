// The linearizability checker on Porcupine's public histories, against Porcupine's recorded figures
// (Porcupine is Go and cannot run here; its figures come from the corpus README, measured on a
// machine of the same kind). Each figure is the median wall time of one whole check: parse the file,
// then check it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkHistory, type CheckOptions, type CheckResult, type HistoryEvent, parseHistory } from '../src/check/index.js';
import { type BenchContext, type BenchSuite, type BenchTable, formatNumber, median } from './harness.js';

const corpus = fileURLToPath(new URL('../../shared/data/histories/porcupine/', import.meta.url));

interface Subject {
  readonly name: string;
  readonly files: ReadonlyArray<readonly [name: string, text: string]>;
  readonly options: CheckOptions;
  /** Porcupine's recorded time in seconds, when the README gives one. */
  readonly porcupineSeconds?: number;
  /** Cheap enough for the quick smoke run. */
  readonly quick?: boolean;
}

function read(relative: string): readonly [string, string] {
  return [relative, readFileSync(corpus + relative, 'utf8')];
}

function runSubject(subject: Subject): CheckResult[] {
  return subject.files.map(([name, text]) => checkHistory(parseHistory(text, name), subject.options));
}

const suite: BenchSuite = {
  name: 'check',
  description: "Linearizability checking (parse + WGL search) on Porcupine's etcd and kv histories, against Porcupine's recorded times; the unique-value procedure against the WGL search on unique-value histories of 1k to 1M operations per key.",
  async run(context) {
    const unique = uniqueValueTable(context);
    if (!existsSync(`${corpus}VERDICTS.txt`)) {
      context.log(`[skip] corpus not found at ${corpus}`);
      return [unique];
    }
    return [...corpusTables(context), unique];
  },
};

function corpusTables(context: BenchContext): BenchTable[] {
  const etcdFiles = readdirSync(`${corpus}etcd`).filter((file) => file.endsWith('.log')).sort().map((file) => read(`etcd/${file}`));
  const casRegister: CheckOptions = { model: 'cas-register' };
  const all: Subject[] = [
    { name: `all ${etcdFiles.length} etcd files`, files: etcdFiles, options: casRegister, porcupineSeconds: 0.43 },
    { name: 'etcd_002 (hardest)', files: [read('etcd/etcd_002.log')], options: casRegister, porcupineSeconds: 0.17, quick: true },
    { name: 'etcd_007', files: [read('etcd/etcd_007.log')], options: casRegister, porcupineSeconds: 0.09, quick: true },
    { name: 'kv c50-ok, split by key', files: [read('kv/c50-ok.txt')], options: { model: 'kv' }, porcupineSeconds: 0.13 },
    { name: 'kv c10-ok, not split', files: [read('kv/c10-ok.txt')], options: { model: 'kv', splitByKey: false }, porcupineSeconds: 1.9 },
    { name: 'kv c10-bad, not split', files: [read('kv/c10-bad.txt')], options: { model: 'kv', splitByKey: false }, porcupineSeconds: 1.95 },
    { name: 'kv c50-bad, split by key', files: [read('kv/c50-bad.txt')], options: { model: 'kv' } },
    { name: 'kv c01-ok + c01-bad, not split', files: [read('kv/c01-ok.txt'), read('kv/c01-bad.txt')], options: { model: 'kv', splitByKey: false }, quick: true },
  ];
  const subjects = all.filter((subject) => !context.quick || subject.quick === true);
  // Interleaved rounds: each round checks every subject once, recording wall and CPU time.
  const rounds = context.quick ? 2 : 15;
  const wall: number[][] = subjects.map(() => []);
  const cpu: number[][] = subjects.map(() => []);
  for (const subject of subjects) runSubject(subject); // warm-up
  for (let round = 0; round < rounds; round++) {
    subjects.forEach((subject, index) => {
      const startedCpu = process.cpuUsage();
      const started = process.hrtime.bigint();
      runSubject(subject);
      wall[index]?.push(Number(process.hrtime.bigint() - started) / 1e6);
      const used = process.cpuUsage(startedCpu);
      cpu[index]?.push((used.user + used.system) / 1000);
    });
  }
  const rows = subjects.map((subject, index) => {
    const wallMs = median(wall[index] ?? []);
    const cpuMs = median(cpu[index] ?? []);
    const seconds = wallMs / 1000;
    const checks = runSubject(subject);
    const verdicts = new Map<string, number>();
    for (const check of checks) verdicts.set(check.verdict, (verdicts.get(check.verdict) ?? 0) + 1);
    const steps = checks.reduce((sum, check) => sum + check.stats.steps, 0);
    const states = checks.reduce((sum, check) => sum + check.stats.cacheEntries, 0);
    return [
      `**${subject.name}**`,
      [...verdicts].map(([verdict, count]) => (checks.length === 1 ? verdict : `${count} ${verdict}`)).join(', '),
      formatNumber(steps),
      formatNumber(states),
      `${formatNumber(wallMs)} ms`,
      `${formatNumber(cpuMs)} ms`,
      subject.porcupineSeconds === undefined ? '—' : `${subject.porcupineSeconds.toFixed(2)} s`,
      subject.porcupineSeconds === undefined ? '—' : speedUp(subject.porcupineSeconds / seconds),
      subject.porcupineSeconds === undefined ? '—' : speedUp(subject.porcupineSeconds / (cpuMs / 1000)),
    ];
  });
  // time per etcd file: the distribution
  const perFile = (context.quick ? etcdFiles.slice(0, 3) : etcdFiles).map(([name, text]) => {
    const started = process.hrtime.bigint();
    const rounds = context.quick ? 1 : 5;
    for (let round = 0; round < rounds; round++) checkHistory(parseHistory(text, name), casRegister);
    return { name, ms: Number(process.hrtime.bigint() - started) / 1e6 / rounds };
  });
  perFile.sort((left, right) => left.ms - right.ms);
  const at = (quantile: number) => perFile[Math.min(perFile.length - 1, Math.floor(quantile * perFile.length))];
  const distribution: BenchTable = {
    title: 'time per etcd file (parse + check, mean of 5 runs each)',
    columns: ['statistic', 'file', 'time'],
    rows: [
      ['median', at(0.5)?.name ?? '', `${formatNumber(at(0.5)?.ms ?? 0)} ms`],
      ['p90', at(0.9)?.name ?? '', `${formatNumber(at(0.9)?.ms ?? 0)} ms`],
      ['slowest', perFile[perFile.length - 1]?.name ?? '', `${formatNumber(perFile[perFile.length - 1]?.ms ?? 0)} ms`],
    ],
  };
  return [
    {
      title: 'linearizability check, median wall time (parse + check) against Porcupine',
      columns: ['history', 'verdict', 'search steps', 'states cached', 'pacelc wall', 'pacelc CPU', 'Porcupine (Go, recorded)', 'vs Porcupine (wall)', 'vs Porcupine (CPU)'],
      rows,
      notes: [
        "Porcupine's times are those recorded in the corpus README (Go 1.19, `go test -v`, same kind of 2-core machine); Porcupine cannot run here, so the two were not measured side by side.",
        'pacelc: median of 15 interleaved rounds in one process, after one warm-up run, each a whole parse + check. Wall time and CPU time (user + system of the process) are both given: the machine (2 cores) was shared by other jobs running tests at the same time, so wall times include waiting for a core and are pessimistic; CPU time is closer to what an idle machine gives.',
        'etcd histories are checked as a CAS register starting with no value; kv histories with get/put/append, keys starting as "".',
      ],
    },
    distribution,
  ];
}

/**
 * A linearizable history of one register with compare-and-set, every written value unique: 8
 * clients, each operation taking effect at its call (so the history is linearizable by
 * construction), half reads, 30% writes, 20% compare-and-sets (four in five from the current value),
 * and 1% of operations crashed (`info`; a crashed write or cas took effect or not, at random).
 */
export function uniqueValueHistory(operations: number, seed: number): HistoryEvent[] {
  let x = seed | 0 || 1;
  const random = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const clients = 8;
  const inFlight: Array<{ f: string; value: unknown; result: unknown; crashed: boolean } | undefined> = [];
  const process: number[] = Array.from({ length: clients }, (_, client) => client);
  let nextProcess = clients;
  let current: number | null = null;
  let nextValue = 1;
  let invoked = 0;
  let time = 0;
  const events: HistoryEvent[] = [];
  while (invoked < operations || inFlight.some((operation) => operation !== undefined)) {
    const client = Math.floor(random() * clients);
    time++;
    const operation = inFlight[client];
    if (operation === undefined) {
      if (invoked >= operations) continue;
      invoked++;
      const crashed = random() < 0.01;
      const roll = random();
      const takesEffect = !crashed || random() < 0.5;
      if (roll < 0.5) {
        inFlight[client] = { f: 'read', value: null, result: current, crashed };
      } else if (roll < 0.8) {
        const value = nextValue++;
        if (takesEffect) current = value;
        inFlight[client] = { f: 'write', value, result: value, crashed };
      } else {
        const expected: number | null = random() < 0.8 ? current : nextValue + 1_000_000_000;
        const value = nextValue++;
        const matches = expected === current;
        if (matches && takesEffect) current = value;
        inFlight[client] = { f: 'cas', value: [expected, value], result: matches, crashed };
      }
      const started = inFlight[client];
      events.push({ process: process[client] as number, type: 'invoke', f: started?.f ?? 'read', value: started?.value ?? null, time });
      continue;
    }
    inFlight[client] = undefined;
    const who = process[client] as number;
    if (operation.crashed) {
      events.push({ process: who, type: 'info', f: operation.f, value: null, time });
      process[client] = nextProcess++; // Jepsen gives a crashed client a new process
    } else if (operation.f === 'cas' && operation.result === false) {
      events.push({ process: who, type: 'fail', f: 'cas', value: operation.value, time, meta: { error: 'cas-mismatch' } });
    } else {
      events.push({ process: who, type: 'ok', f: operation.f, value: operation.f === 'read' ? operation.result : operation.value, time });
    }
  }
  return events;
}

/** The unique-value procedure against the WGL search on unique-value histories of growing size. */
function uniqueValueTable(context: BenchContext): BenchTable {
  const sizes = context.quick ? [1_000] : [1_000, 10_000, 100_000, 1_000_000];
  const wglTimeoutMs = context.quick ? 5_000 : 30_000;
  const rows: string[][] = [];
  const uniqueMedians: number[] = [];
  for (const size of sizes) {
    const events = uniqueValueHistory(size, 14);
    const rounds = context.quick ? 1 : size >= 1_000_000 ? 3 : 7;
    const times: number[] = [];
    let verdict = '';
    for (let round = 0; round < rounds; round++) {
      const started = process.hrtime.bigint();
      const result = checkHistory(events, { model: 'cas-register', algorithm: 'unique' });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      verdict = result.verdict;
    }
    const uniqueMs = median(times);
    uniqueMedians.push(uniqueMs);
    const started = process.hrtime.bigint();
    const wgl = checkHistory(events, { model: 'cas-register', algorithm: 'wgl', budget: { timeoutMs: wglTimeoutMs } });
    const wglMs = Number(process.hrtime.bigint() - started) / 1e6;
    const wglText = wgl.verdict === 'unknown' ? `undecided after ${formatNumber(wglMs)} ms (${formatNumber(wgl.stats.steps)} steps)` : `${formatNumber(wglMs)} ms (${wgl.verdict})`;
    rows.push([
      formatNumber(size),
      verdict,
      `${formatNumber(uniqueMs)} ms`,
      wglText,
      wgl.verdict === 'unknown' ? `> ${formatNumber(wglMs / uniqueMs)}x` : `${formatNumber(wglMs / uniqueMs)}x`,
    ]);
  }
  const slopes = sizes.slice(1).map((size, index) => Math.log((uniqueMedians[index + 1] as number) / (uniqueMedians[index] as number)) / Math.log(size / (sizes[index] as number)));
  return {
    title: 'unique-value histories (one cas-register key, 8 clients, 1% crashed): the unique-value procedure against the WGL search',
    columns: ['operations', 'verdict', 'unique-value procedure (median)', `WGL search (one run, ${wglTimeoutMs / 1000} s budget)`, 'WGL / unique'],
    rows,
    notes: [
      'Each history is built in memory (no parsing) and is linearizable by construction: half reads, 30% writes, 20% compare-and-sets (a fifth of them from a value that is not current, so they fail with cas-mismatch), 1% of operations crashed (info; a crashed write or cas took effect or not).',
      `Growth of the unique-value procedure, log-log slope between consecutive sizes: ${slopes.map((slope) => slope.toFixed(2)).join(', ') || '—'} (1.0 is linear; n log n gives slightly above 1).`,
      'The whole checkHistory call is timed: pairing invocations with completions, interning values, and deciding.',
    ],
  };
}

function speedUp(ratio: number): string {
  return ratio >= 1 ? `${ratio.toFixed(1)}x faster` : `${(1 / ratio).toFixed(1)}x slower`;
}

export default suite;
