// docs/multi-leader.md: test/docs-commands.test.ts re-runs every command the page shows and
// compares its output; this test checks what the page says in prose about runs it does not show.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-code.js';
import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const root = new URL('../../', import.meta.url).pathname;
const page = readFileSync(`${root}docs/multi-leader.md`, 'utf8');
const base = ['simulate', '--protocol', 'multi-leader', '--regions', '3', '--ops', '2000', '--check', 'none', '--seed', '7'];

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const io = bufferIo({ cwd: root });
  const code = await main(args, io);
  return { code, out: io.out() };
}

describe('docs/multi-leader.md, beyond the outputs it shows', () => {
  it('the first run is VIOLATED without --accept-discards: one acknowledged write dropped', async () => {
    const { code, out } = await run([...base, '--resolution', 'lww']);
    expect(page).toContain('without it the same run is `VIOLATED`');
    expect(code).toBe(ExitCode.violated);
    expect(out).toContain('verdict      VIOLATED (claim: no lost writes): 1 acknowledged write was dropped by the conflict resolution');
  });

  it('with siblings, a read during the partition returns both concurrent writes', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-siblings-'));
    const { code } = await run([...base, '--resolution', 'siblings', '--faults', 'partition', '--out', directory]);
    expect(code).toBe(ExitCode.ok);
    expect(page).toContain('a read of k2\nat 20 ms returned `[2,3]`');
    const events = readFileSync(join(directory, 'history.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; f: string; key: string; value: unknown; time: number });
    expect(events.find((event) => event.type === 'ok' && event.f === 'read' && Array.isArray(event.value))).toMatchObject({ key: 'k2', value: [2, 3], time: 20 });
  });

  it('the crashes that lose 9 writes acknowledged before their fsync lose none with fsync-per-write', async () => {
    const { code, out } = await run([...base, '--resolution', 'siblings', '--faults', 'crash']);
    expect(page).toContain('With the default `fsync-per-write` the same crashes lose nothing');
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(/lost writes {2}0 of \d+ acknowledged writes/);
    expect(out).toMatch(/lostOnCrash +0 /);
  });
});
