// docs/verify.md shows real output: each command's output appears in the page verbatim.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-code.js';
import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const root = new URL('../../', import.meta.url).pathname;
const page = readFileSync(`${root}docs/verify.md`, 'utf8');

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const io = bufferIo({ cwd: root });
  const code = await main(args, io);
  return { code, out: io.out() };
}

describe('docs/verify.md', () => {
  it('the bank ledger account holds under every default fault', async () => {
    const { code, out } = await run(['verify', 'examples/specs/bank-ledger.yaml', '--seeds', '3', '--ops', '300', '--entity', 'account']);
    expect(code).toBe(ExitCode.ok);
    expect(page).toContain(out.trimEnd());
  });

  it('the asynchronous ledger is refuted, with a replay command', async () => {
    const { code, out } = await run(['verify', 'examples/verify/async-ledger.yaml', '--seeds', '3', '--ops', '300']);
    expect(code).toBe(ExitCode.violated);
    expect(out).toContain('replay:   pacelc simulate');
    expect(page).toContain(out.trimEnd());
  });

  it('naive leader reads break linearizability under latency spikes (the counterexample shown)', async () => {
    const { code, out } = await run(['simulate', '--protocol', 'leader-follower', '--mode', 'synchronous', '--replicas', '5', '--fencing', '--ops', '300', '--clients', '5', '--faults', 'partition,crash,latency-spike,clock-skew', '--check', 'linearizable', '--seed', '2']);
    expect(code).toBe(ExitCode.violated);
    const check = out.slice(out.indexOf('check        '));
    expect(page).toContain(check.trimEnd());
  });
});
