// `pacelc design` on the largest example, CLI start-up included (the built binary, spawned as a
// user runs it), against a bare `node -e 0` on the same machine. Target (issue 3): within 4x.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { design } from '../src/advisor/design.js';
import { parseSpec } from '../src/advisor/spec/parse.js';
import { type BenchSuite, type BenchTable, casesTable, formatNumber, measureCases, median } from './harness.js';

const root = new URL('..', import.meta.url).pathname;
const specsDirectory = `${root}examples/specs/`;

/** The largest example spec, by size. */
export function largestExample(): string {
  const files = readdirSync(specsDirectory).filter((file) => file.endsWith('.yaml'));
  return files.reduce((largest, file) => (statSync(`${specsDirectory}${file}`).size > statSync(`${specsDirectory}${largest}`).size ? file : largest));
}

function timeSpawnMs(args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

const suite: BenchSuite = {
  name: 'design',
  description: '`pacelc design` on the largest example spec, CLI start-up included, against a bare `node -e 0` (target: within 4x).',
  async run(context) {
    const example = largestExample();
    const specPath = `examples/specs/${example}`;
    const tables: BenchTable[] = [];
    const built = existsSync(`${root}dist/cli/commands/design.js`);
    if (!built) {
      context.log('dist/ is missing: run `npm run build` first; only the in-process figures are measured.');
    } else {
      const rounds = context.quick ? 1 : 40; // quick: the smoke test only needs it to run
      const commands: { name: string; args: readonly string[]; subject?: boolean }[] = [
        { name: 'node -e 0 (bare Node start-up)', args: ['-e', '0'] },
        { name: 'pacelc --help (CLI start-up only)', args: ['bin/pacelc.js', '--help'] },
        { name: `pacelc design ${specPath}`, args: ['bin/pacelc.js', 'design', specPath], subject: true },
        { name: `pacelc design ${specPath} --format json`, args: ['bin/pacelc.js', 'design', specPath, '--format', 'json'] },
      ];
      const samples = commands.map(() => [] as number[]);
      for (const command of commands) timeSpawnMs(command.args); // warm the file cache
      for (let round = 0; round < rounds; round++) commands.forEach((command, index) => samples[index]?.push(timeSpawnMs(command.args)));
      const baseline = median(samples[0] ?? []);
      tables.push({
        title: 'Wall time of one run, spawned (median of interleaved rounds)',
        columns: ['command', 'median ms', 'vs node -e 0'],
        rows: commands.map((command, index) => {
          const value = median(samples[index] ?? []);
          return [command.subject === true ? `**${command.name}**` : command.name, formatNumber(value), `${(value / baseline).toFixed(2)}x`];
        }),
        notes: [
          `${rounds} rounds, commands interleaved round by round. Target: \`pacelc design\` within 4x of \`node -e 0\`. The machine is shared with other jobs (2 cores), so absolute figures are noisy; the ratio is what matters.`,
        ],
      });
    }
    const text = readFileSync(`${specsDirectory}${example}`, 'utf8');
    const spec = parseSpec(text, { file: example });
    const inProcess = await measureCases(
      [
        { name: 'parseSpec + design', fn: () => design(parseSpec(text, { file: example })), subject: true },
        { name: 'design (validated spec)', fn: () => design(spec) },
        { name: 'parseSpec (YAML + zod + references)', fn: () => parseSpec(text, { file: example }) },
      ],
      context,
    );
    tables.push(casesTable(`In process: ${example} (${spec.entities.length} entities, ${spec.workflows?.length ?? 0} workflows, ${spec.calls?.length ?? 0} calls)`, inProcess, ['Where the time goes once Node and the modules are loaded.']));
    return tables;
  },
};

export default suite;
