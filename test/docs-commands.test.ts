// Every `npx pacelc ...` command shown in docs/ with its output is run here, in process, and its
// real output compared with the page, so no page can go stale. Pages with a test of their own
// (below) are left to it. A line "…" (or "...") in an output block stands for omitted lines: the
// parts around it must appear in order; a block with no such line must be the whole output.
// Commands run in a scratch directory where `examples/` is the repository's, so `--out run` and
// files made by `sed` stay out of the tree; Porcupine's Jepsen corpus is found where the repository
// keeps it (`../shared/data/histories/porcupine`, or PACELC_PORCUPINE_DIR), named on the pages by
// its upstream path.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';

const root = new URL('../', import.meta.url).pathname;
const porcupineUpstream = 'porcupine/test_data/jepsen/';
const porcupineHere = join(process.env['PACELC_PORCUPINE_DIR'] ?? join(root, '../shared/data/histories/porcupine'), 'etcd/');

/** Pages whose commands another test runs and compares. */
const coveredElsewhere: Record<string, string> = {
  'design.md': 'examples/specs/docs.test.ts',
  'verify.md': 'examples/verify/verify-docs.test.ts',
  'quorum.md': 'examples/quorum/docs.test.ts',
  'engines.md': 'examples/quorum/docs.test.ts',
  'raft.md': 'examples/scenarios/raft-docs.test.ts',
};

interface Transcript {
  readonly page: string;
  readonly commands: string[];
  readonly output: string;
}

/** A ```sh block of commands followed by a plain ``` output block, or one block of `$ command` lines each followed by its output. */
function transcripts(page: string, markdown: string): Transcript[] {
  const found: Transcript[] = [];
  for (const match of markdown.matchAll(/^```sh\n([\s\S]*?)^```\n\n^```(?:console|text)?\n([\s\S]*?)^```$/gm)) {
    found.push({ page, commands: (match[1] ?? '').trim().split('\n'), output: match[2] ?? '' });
  }
  for (const match of markdown.matchAll(/^```(?:console|text)?\n(\$ [\s\S]*?)^```$/gm)) {
    const parts = (match[1] ?? '').split(/^\$ (.*)\n/m).slice(1);
    for (let index = 0; index < parts.length; index += 2) found.push({ page, commands: [parts[index] ?? ''], output: parts[index + 1] ?? '' });
  }
  return found;
}

const pages = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md'));
const all = pages.flatMap((page) => transcripts(page, readFileSync(join(root, 'docs', page), 'utf8')));
const ours = all.filter((transcript) => coveredElsewhere[transcript.page] === undefined && transcript.commands.some((command) => command.startsWith('npx pacelc ')));

const scratch = mkdtempSync(join(tmpdir(), 'pacelc-docs-'));
symlinkSync(join(root, 'examples'), join(scratch, 'examples'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs one command line of a page in the scratch directory and returns what it printed. */
async function run(command: string): Promise<string> {
  const sed = /^sed 's\/(.*)\/(.*)\/' (\S+) > (\S+)$/.exec(command);
  if (sed !== null) {
    const [, from = '', to = '', input = '', output = ''] = sed;
    writeFileSync(join(scratch, output), readFileSync(join(scratch, input), 'utf8').replace(from, to));
    return '';
  }
  const rm = /^rm -rf? (\S+)$/.exec(command);
  if (rm !== null) {
    rmSync(join(scratch, rm[1] ?? ''), { recursive: true, force: true });
    return '';
  }
  const pacelc = /^npx pacelc (.*)$/.exec(command);
  if (pacelc === null) throw new Error(`the docs test does not know how to run: ${command}`);
  const args = (pacelc[1] ?? '').split(' ').map((arg) => (arg.startsWith(porcupineUpstream) ? arg.replace(porcupineUpstream, porcupineHere) : arg));
  const io = bufferIo({ cwd: scratch });
  await main(args, io);
  return (io.out() + io.err()).replaceAll(porcupineHere, porcupineUpstream);
}

/** The checker's statistics end with its wall-clock time (`6 search steps, 2 states, 2 ms`): not compared. */
function withoutWallTime(text: string): string {
  return text.replace(/\b\d[\d,]*(?:\.\d+)? ms$/gm, 'N ms');
}

/** Whether `actual` is what the page shows: all of it, or the parts around "…" lines in order. */
function expectShown(real: string, page: string, where: string): void {
  const actual = withoutWallTime(real);
  const shown = withoutWallTime(page);
  const parts = shown.split(/^(?:…|\.\.\.)\n/m);
  if (parts.length === 1) {
    expect(actual.trimEnd(), where).toBe(shown.trimEnd());
    return;
  }
  let from = 0;
  parts.forEach((part, index) => {
    if (part === '') return;
    const at = actual.indexOf(part, from);
    expect(at, `${where}: not in the real output, in this order:\n${part}\n--- real output ---\n${actual}`).toBeGreaterThanOrEqual(0);
    if (index === 0) expect(at, `${where}: the output does not begin with the block's first lines (add a "…" line above them)`).toBe(0);
    from = at + part.length;
  });
  const last = parts.at(-1) ?? '';
  if (last !== '') expect(actual.trimEnd().endsWith(last.trimEnd()), `${where}: the output does not end with the block's last lines (add a "…" line below them)`).toBe(true);
}

describe('every pacelc command in docs/ prints what its page shows', () => {
  it('finds the commands of the pages without a test of their own', () => {
    expect(ours.length).toBeGreaterThan(10);
    for (const test of Object.values(coveredElsewhere)) expect(existsSync(join(root, test)), test).toBe(true);
  });

  it('names no bare `pacelc` command (from a clone it is `npx pacelc`)', () => {
    const bare = all.flatMap((transcript) => transcript.commands.filter((command) => /^pacelc /.test(command)).map((command) => `${transcript.page}: ${command}`));
    expect(bare).toEqual([]);
  });

  const porcupinePresent = existsSync(porcupineHere);
  if (!porcupinePresent) console.warn(`SKIPPED docs commands on Porcupine's corpus: ${porcupineHere} is absent`);

  for (const transcript of ours) {
    const needsPorcupine = transcript.commands.some((command) => command.includes(porcupineUpstream));
    it.skipIf(needsPorcupine && !porcupinePresent && process.env['CI'] !== 'true')(`${transcript.page}: ${transcript.commands.join(' && ')}`, async () => {
      let actual = '';
      for (const command of transcript.commands) actual += await run(command);
      printed.set(transcript.commands.join('\n'), actual);
      expectShown(actual, transcript.output, transcript.page);
    });
  }
});

const printed = new Map<string, string>();

describe('docs/simulate.md: replay, byte for byte', () => {
  const page = readFileSync(join(root, 'docs/simulate.md'), 'utf8');

  it('prints the output whose SHA-256 the page quotes', () => {
    const [, head = '', tail = ''] = /compare `sha256sum` of the output:\n`([0-9a-f]{8})…([0-9a-f]{6})`/.exec(page) ?? [];
    const command = ours.find((transcript) => transcript.page === 'simulate.md' && transcript.commands[0]?.includes('--out run'))?.commands.join('\n') ?? '';
    const output = printed.get(command);
    expect(output, 'the --out run transcript ran above').toBeDefined();
    const digest = createHash('sha256').update(output ?? '').digest('hex');
    expect(`${digest.slice(0, 8)}…${digest.slice(-6)}`).toBe(`${head}…${tail}`);
  });

  it('writes the same history.jsonl, trace.log and report.json on every run of one command', async () => {
    for (const out of ['replay-a', 'replay-b']) await run(`npx pacelc simulate --protocol leaderless --n 3 --w 1 --r 1 --faults partition --ops 300 --seed 7 --out ${out}`);
    for (const file of ['history.jsonl', 'trace.log', 'report.json']) {
      expect(readFileSync(join(scratch, 'replay-b', file), 'utf8'), file).toBe(readFileSync(join(scratch, 'replay-a', file), 'utf8'));
    }
    expect(readFileSync(join(scratch, 'replay-a', 'report.json'), 'utf8')).not.toContain('elapsedMs');
  });
});
