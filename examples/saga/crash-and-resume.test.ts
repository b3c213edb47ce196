// Runs the crash-and-resume walk-through of docs/saga.md as separate processes, SIGKILL included.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./crash-and-resume.ts', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'pacelc-saga-doc-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function run(filename: string, ...args: string[]): { lines: string[]; signal: NodeJS.Signals | null } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, filename, ...args], { encoding: 'utf8' });
  return { lines: result.stdout.trim().split('\n'), signal: result.signal };
}

it('killed inside reserve-stock, the next process resumes: the step runs again, is skipped as already applied, and the saga completes', () => {
  const filename = join(directory, 'shop.db');
  const crashed = run(filename, '--crash-at', 'reserve-stock');
  expect(crashed.signal).toBe('SIGKILL');
  expect(crashed.lines.at(-2)).toContain('order-7:reserve-stock');
  expect(run(filename, '--inspect').lines[0]).toBe('{"status":"running","stage":2,"started":["create-order","charge-payment","reserve-stock"],"completed":["create-order","charge-payment"]}');
  const resumed = run(filename).lines;
  expect(resumed).toContain('resumed 1 saga(s)');
  expect(resumed.find((line) => line.includes('order-7:reserve-stock'))).toContain('already applied, skipped');
  expect(resumed.at(-1)).toBe('order-7: completed after 5 transitions');
});

it('killed in the middle of a rollback, the next process finishes compensating in reverse order', () => {
  const filename = join(directory, 'shop.db');
  rmSync(filename, { force: true }); // `rm shop.db`, as the page does before the second sequence
  expect(run(filename, '--fail-at', 'confirm-order', '--crash-at', 'undo:charge-payment').signal).toBe('SIGKILL');
  expect(JSON.parse(run(filename, '--inspect').lines[0] as string)).toMatchObject({ status: 'compensating', pending: ['charge-payment', 'create-order'] });
  expect(run(filename).lines.at(-1)).toBe('order-7: compensated after 9 transitions (undid confirm-order, reserve-stock, charge-payment, create-order)');
});
