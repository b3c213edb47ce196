// docs/raft.md shows real output: each command's output appears in the page verbatim.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-code.js';
import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const root = new URL('../../', import.meta.url).pathname;
const page = readFileSync(`${root}docs/raft.md`, 'utf8');

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const io = bufferIo({ cwd: root });
  const code = await main(args, io);
  return { code, out: io.out() };
}

describe('docs/raft.md', () => {
  it('a five-node run under partitions, crashes, pauses, disk faults and a lossy network holds', async () => {
    const args = ['simulate', '--protocol', 'raft', '--replicas', '5', '--ops', '2000', '--mix', '1:1:1', '--faults', 'partition,crash,pause,disk-fault', '--loss', '0.01', '--duplicate', '0.01', '--reorder', '--seed', '7'];
    expect(page).toContain(`npx pacelc ${args.join(' ')}`);
    const { code, out } = await run(args);
    expect(code).toBe(ExitCode.ok);
    expect(page).toContain(out.trimEnd());
  });

  it('a pause with a stopped clock splits the brain of lease reads', async () => {
    const { code, out } = await run(['simulate', 'examples/scenarios/raft-lease-pause.yaml']);
    expect(code).toBe(ExitCode.violated);
    expect(out).toMatch(/maxSimultaneousLeaders +2 /);
    expect(page).toContain(out.trimEnd());
  });

  it('ReadIndex holds through the same pause', async () => {
    const { code, out } = await run(['simulate', 'examples/scenarios/raft-lease-pause.yaml', '--reads', 'read-index']);
    expect(code).toBe(ExitCode.ok);
    expect(page).toContain(out.slice(out.indexOf('stale reads')).trimEnd());
  });
});
