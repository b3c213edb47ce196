// docs/verify.md shows real output: each command's output appears in the page verbatim.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-code.js';
import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { serveSweeps } from '../../src/sweep/index.js';
import { findService } from '../../src/testing/services.js';

const root = new URL('../../', import.meta.url).pathname;
const page = readFileSync(`${root}docs/verify.md`, 'utf8');
const nats = await findService('nats');

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

  it('a sweep of ten seeds on two worker threads', async () => {
    const { code, out } = await run(['verify', 'examples/verify/async-ledger.yaml', '--seeds', '10', '--ops', '300', '--jobs', '2']);
    expect(code).toBe(ExitCode.violated);
    expect(page).toContain(out.trimEnd());
  });

  it('--fail-fast stops at the first refuted run with its replay command', async () => {
    const { code, out } = await run(['verify', 'examples/verify/async-ledger.yaml', '--seeds', '100', '--ops', '300', '--fail-fast']);
    expect(code).toBe(ExitCode.violated);
    expect(out).toContain('stopped at the first refutation (--fail-fast) after 2 of 100 runs');
    expect(page).toContain(out.trimEnd());
  });

  it('last writer wins on a counter loses acknowledged increments', async () => {
    const { code, out } = await run(['verify', 'examples/verify/lww-counter.yaml', '--seeds', '3', '--ops', '300']);
    expect(code).toBe(ExitCode.violated);
    expect(out).toContain('lost acknowledged writes 133/456');
    expect(page).toContain(out.trimEnd());
  });

  const simulateSweep = ['simulate', '--protocol', 'leaderless', '--n', '3', '--w', '1', '--r', '1', '--ops', '150', '--faults', 'partition', '--seeds', '1..6'];

  it('simulate --seeds A..B prints one line per seed, a tally and the first refutation', async () => {
    const { code, out } = await run(simulateSweep);
    expect(code).toBe(ExitCode.violated);
    expect(page).toContain(`\`\`\`\n${out.trimEnd()}\n\`\`\``);
  });

  it.skipIf(!nats)('the same sweep on a NATS work queue, run by a pacelc worker, prints the same lines', async () => {
    const url = (nats as NonNullable<typeof nats>).url;
    expect(page).toContain(`npx pacelc ${simulateSweep.join(' ')} --queue nats://127.0.0.1:4222`);
    const stop = new AbortController();
    const worker = serveSweeps({ url, jobs: 1, signal: stop.signal });
    try {
      const { code, out } = await run([...simulateSweep, '--queue', url]);
      expect(code).toBe(ExitCode.violated);
      expect(page).toContain(`\`\`\`\n${out.trimEnd()}\n\`\`\``);
    } finally {
      stop.abort();
      expect((await worker).jobsRun).toBe(6);
    }
  }, 60_000);
});
