// The lab's check reports in headless Chromium (Debian's, through playwright-core): time to first
// paint and to interactive (the page drawn and answering input: `<body data-state="ready">`, the
// `pacelc:interactive` mark) for 1k, 10k and 100k-operation histories, the report files' sizes and
// the time to write them; and the CLI's start-up with and without the lab (issue 17: `pacelc
// design` within 4x of a bare `node -e 0`, as before the lab).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkHistory } from '../src/check/check-history.js';
import { writeCheckReport } from '../src/lab/check-report.js';
import { chromiumExecutable, launchChromium, withPageIn } from '../src/testing/browser.js';
import { syntheticRegisterHistory } from '../src/testing/synthetic-history.js';
import { buildWeb } from '../web/build.mjs';
import { type BenchSuite, type BenchTable, formatNumber, median } from './harness.js';

const root = new URL('..', import.meta.url).pathname;
const scratch = join(root, '.bench-tmp', 'lab');

function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Whether `built` exists and is newer than every file under `sources` (the spawned CLI runs dist/). */
function builtAfter(sources: readonly string[], built: string): boolean {
  if (!existsSync(join(root, built))) return false;
  const builtMs = statSync(join(root, built)).mtimeMs;
  const newest = (directory: string): number =>
    readdirSync(directory, { withFileTypes: true }).reduce((latest, entry) => Math.max(latest, entry.isDirectory() ? newest(join(directory, entry.name)) : statSync(join(directory, entry.name)).mtimeMs), 0);
  return sources.every((source) => newest(join(root, source)) <= builtMs);
}

function timeSpawnMs(args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const elapsed = elapsedMs(start);
  if (result.status !== 0 && result.status !== 1) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

const suite: BenchSuite = {
  name: 'lab',
  description: 'Check reports in headless Chromium: time to first paint and to interactive for 1k, 10k and 100k operations, file sizes; CLI start-up with and without the lab.',
  async run(context) {
    await buildWeb({ ifStale: true });
    mkdirSync(scratch, { recursive: true });
    const tables: BenchTable[] = [];
    const sizes = context.quick ? [1_000] : [1_000, 10_000, 100_000];
    const rounds = context.quick ? 1 : 7;
    const reports = sizes.map((operations) => {
      const events = syntheticRegisterHistory({ operations, clients: 20, keys: 10 });
      const result = checkHistory(events, { model: 'register' });
      const path = join(scratch, `check-${operations}.html`);
      const writes: number[] = [];
      let bytes = 0;
      for (let round = 0; round < rounds; round++) {
        const start = process.hrtime.bigint();
        bytes = writeCheckReport(path, events, result, { file: `synthetic-${operations}.jsonl`, model: 'register' }).bytes;
        writes.push(elapsedMs(start));
      }
      return { operations, path, bytes, writeMs: median(writes), verdict: result.verdict };
    });
    const executable = chromiumExecutable();
    if (executable === undefined) {
      context.log('[skip] chromium is not installed (apt-get install chromium): page timings not measured');
    } else {
      const browser = await launchChromium(executable);
      try {
        const paint = reports.map(() => [] as number[]);
        const interactive = reports.map(() => [] as number[]);
        // interleaved rounds; each page load in a fresh context (no cache between loads)
        for (let round = 0; round < rounds; round++) {
          for (const [index, report] of reports.entries()) {
            await withPageIn(browser, report.path, async (page) => {
              const marks = (await page.evaluate(
                "({ paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1, interactive: performance.getEntriesByName('pacelc:interactive')[0]?.startTime ?? -1 })",
              )) as { paint: number; interactive: number };
              paint[index]?.push(marks.paint);
              interactive[index]?.push(marks.interactive);
            });
          }
        }
        tables.push({
          title: 'Check reports in headless Chromium (median of interleaved page loads)',
          columns: ['operations', 'verdict', 'file size', 'write report (Node)', 'first paint', 'interactive'],
          rows: reports.map((report, index) => [
            formatNumber(report.operations),
            report.verdict,
            `${formatNumber(report.bytes / 1e6)} MB`,
            `${formatNumber(report.writeMs)} ms`,
            `${formatNumber(median(paint[index] ?? []))} ms`,
            `**${formatNumber(median(interactive[index] ?? []))} ms**`,
          ]),
          notes: [
            `${rounds} loads each, from disk (file://), viewport 1280×800, chromium ${browser.version()} headless, no GPU. First paint: the first-contentful-paint entry; interactive: the page's \`pacelc:interactive\` mark, set at the first animation frame after the one that shows the drawn page, its handlers attached. Both from navigation start (headless Chromium can report first-contentful-paint after the page's own frames, since it composites without a screen). Histories: synthetic linearizable registers, 20 clients, 10 keys, every written value unique (src/testing/synthetic-history.ts).`,
          ],
        });
      } finally {
        await browser.close();
      }
    }
    if (!builtAfter(['src/cli', 'src/lab'], 'dist/cli/commands/check.js')) {
      context.log('dist/ is missing or older than src/: run `npm run build` first; CLI start-up not measured.');
    } else {
      const history = 'examples/histories/stale-read.jsonl';
      const commands: { name: string; args: readonly string[] }[] = [
        { name: 'node -e 0 (bare Node start-up)', args: ['-e', '0'] },
        { name: 'pacelc design examples/specs/bank-ledger.yaml', args: ['bin/pacelc.js', 'design', 'examples/specs/bank-ledger.yaml'] },
        { name: `pacelc check ${history} --model register`, args: ['bin/pacelc.js', 'check', history, '--model', 'register'] },
        { name: `pacelc check ${history} --model register --html FILE (the lab loaded)`, args: ['bin/pacelc.js', 'check', history, '--model', 'register', '--html', join(scratch, 'cli.html')] },
      ];
      const spawnRounds = context.quick ? 1 : 20;
      const samples = commands.map(() => [] as number[]);
      for (const command of commands) timeSpawnMs(command.args);
      for (let round = 0; round < spawnRounds; round++) commands.forEach((command, index) => samples[index]?.push(timeSpawnMs(command.args)));
      const baseline = median(samples[0] ?? []);
      tables.push({
        title: 'CLI start-up, spawned (median of interleaved rounds)',
        columns: ['command', 'median ms', 'vs node -e 0'],
        rows: commands.map((command, index) => [command.name, formatNumber(median(samples[index] ?? [])), `${(median(samples[index] ?? []) / baseline).toFixed(2)}x`]),
        notes: [`${spawnRounds} rounds. The lab (src/lab, dist/web) is imported only when --html is given; the target is \`pacelc design\` within 4x of \`node -e 0\`.`],
      });
    }
    if (!context.quick) rmSync(scratch, { recursive: true, force: true });
    return tables;
  },
};

export default suite;
