// The linearizability checker on Porcupine's public histories, against Porcupine's recorded figures
// (Porcupine is Go and cannot run here; its figures come from the corpus README, measured on a
// machine of the same kind). Each figure is the median wall time of one whole check: parse the file,
// then check it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkHistory, type CheckOptions, type CheckResult, parseHistory } from '../src/check/index.js';
import { type BenchSuite, type BenchTable, formatNumber, median } from './harness.js';

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
  description: "Linearizability checking (parse + WGL search) on Porcupine's etcd and kv histories, against Porcupine's recorded times.",
  async run(context) {
    if (!existsSync(`${corpus}VERDICTS.txt`)) {
      context.log(`[skip] corpus not found at ${corpus}`);
      return [];
    }
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
  },
};

function speedUp(ratio: number): string {
  return ratio >= 1 ? `${ratio.toFixed(1)}x faster` : `${(1 / ratio).toFixed(1)}x slower`;
}

export default suite;
