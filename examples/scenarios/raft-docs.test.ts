// docs/raft.md shows real output: each command's output appears in the page verbatim.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('a slow leader is never deposed, and stepping down on its own slow rounds lets a fast node lead', async () => {
    const kept = await run(['simulate', 'examples/scenarios/raft-slow-leader.yaml']);
    expect(kept.code).toBe(ExitCode.ok);
    const stepped = await run(['simulate', 'examples/scenarios/raft-slow-leader.yaml', '--slow-leader-step-down', '150']);
    expect(stepped.code).toBe(ExitCode.ok);
    for (const { out } of [kept, stepped]) {
      const lines = out.split('\n');
      const from = lines.findIndex((line) => line.startsWith('faults     from the scenario'));
      const to = lines.findIndex((line) => line.startsWith('lost writes'));
      expect(page).toContain(lines.slice(from, to + 1).join('\n'));
      for (const line of lines.filter((candidate) => /^ {2}(elections|leadersElected|slowLeaderStepDowns) |^verdict/.test(candidate))) expect(page).toContain(line);
    }
    expect(kept.out).toMatch(/latency-spike 0 \+300ms +35 ops, 2\.9% ok/);
    expect(kept.out).toMatch(/elections +1 /);
    expect(stepped.out).toMatch(/latency-spike 0 \+300ms +825 ops, 49\.8% ok/);
    expect(stepped.out).toMatch(/slowLeaderStepDowns +1 /);
    expect(stepped.out).toContain('over 3.62s of virtual time');
    expect(kept.out).toContain('over 5.75s of virtual time');
    // The prose: of the window's operations that did not succeed, 410 were refused within 50 ms.
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-slow-leader-'));
    await run(['simulate', 'examples/scenarios/raft-slow-leader.yaml', '--slow-leader-step-down', '150', '--out', directory]);
    const invoked = new Map<unknown, number>();
    let fast = 0;
    let notOk = 0;
    for (const line of readFileSync(join(directory, 'history.jsonl'), 'utf8').trim().split('\n')) {
      const event = JSON.parse(line) as { process: number; type: string; time: number };
      if (event.type === 'invoke') invoked.set(event.process, event.time);
      else {
        const start = invoked.get(event.process) ?? 0;
        if (event.type !== 'ok' && start >= 1000 && start < 3000) {
          notOk++;
          if (event.time - start < 50) fast++;
        }
      }
    }
    expect({ notOk, fast }).toEqual({ notOk: 414, fast: 410 });
    expect(page).toContain("the window's 414 operations that did not succeed, 410 of\nthem refused within 50 ms");
  });
});
