// Runs the crash-and-resume walk-through of docs/saga.md as the page shows it, command by command,
// as separate processes (SIGKILL included), in a scratch directory holding the page's shop.db, and
// compares each command's output with the page's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./crash-and-resume.ts', import.meta.url));
// tsx by absolute URL: the processes run in the scratch directory, where no node_modules is.
const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const page = readFileSync(new URL('../../docs/saga.md', import.meta.url), 'utf8');
const directory = mkdtempSync(join(tmpdir(), 'pacelc-saga-doc-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Each ``` block of the page that runs this example: its `$ ` commands with the output under each. */
function sequences(): { command: string; output: string }[][] {
  const found: { command: string; output: string }[][] = [];
  for (const match of page.matchAll(/^```\n(\$ [\s\S]*?)^```$/gm)) {
    if (!(match[1] ?? '').includes('examples/saga/crash-and-resume.ts')) continue;
    const parts = (match[1] ?? '').split(/^\$ (.*)\n/m).slice(1);
    const steps: { command: string; output: string }[] = [];
    for (let index = 0; index < parts.length; index += 2) steps.push({ command: parts[index] ?? '', output: parts[index + 1] ?? '' });
    found.push(steps);
  }
  return found;
}

function run(command: string): { output: string; signal: NodeJS.Signals | null } {
  if (command === 'rm shop.db') {
    rmSync(join(directory, 'shop.db'), { force: true });
    return { output: '', signal: null };
  }
  const args = /^npx tsx examples\/saga\/crash-and-resume\.ts (.*)$/.exec(command)?.[1]?.split(' ');
  if (args === undefined) throw new Error(`the test does not know how to run: ${command}`);
  // The repository's tsconfig maps `pacelc/...` to the sources (tsx reads it from the cwd by default).
  const env = { ...process.env, TSX_TSCONFIG_PATH: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) };
  const result = spawnSync(process.execPath, ['--import', tsx, script, ...args], { cwd: directory, encoding: 'utf8', env });
  return { output: result.stdout, signal: result.signal };
}

describe('docs/saga.md, crash and resume', () => {
  const all = sequences();

  it('has the two sequences (forward, and killed in a rollback)', () => {
    expect(all).toHaveLength(2);
  });

  all.forEach((steps, index) => {
    it(`sequence ${index + 1}: ${steps.map((step) => step.command.replace('npx tsx examples/saga/crash-and-resume.ts ', '')).join(' | ')}`, () => {
      for (const step of steps) {
        const { output, signal } = run(step.command);
        expect(output, step.command).toBe(step.output);
        expect(signal, step.command).toBe(step.command.includes('--crash-at') ? 'SIGKILL' : null);
      }
    });
  });
});
