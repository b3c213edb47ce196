// `pacelc verify` runs its seeds through the sweep module: the same report whatever runs them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { bufferIo } from '../io.js';
import { main } from '../main.js';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'pacelc-verify-sweep-'));
  // One claim that W + R <= N refutes, one that W + R > N with read repair keeps (under partitions only).
  await writeFile(
    join(directory, 'two.yaml'),
    [
      'system: { name: two, regions: [{ name: us-east }] }',
      'entities:',
      '  - { name: counter, service: api, key: counter_id, consistency: linearizable, replication: { kind: leaderless, n: 3, w: 1, r: 1 } }',
      '  - { name: register, service: api, key: register_id, consistency: linearizable, replication: { kind: leaderless, n: 3, w: 2, r: 2 } }',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const sweep = ['--seeds', '4', '--ops', '200', '--faults', 'partition'];

async function verify(args: string[], progress?: { isTTY: boolean; write: (text: string) => void }): Promise<{ exit: number; out: string; err: string }> {
  const io = bufferIo({ cwd: directory, ...(progress === undefined ? {} : { progress }) });
  const exit = await main(['verify', 'two.yaml', ...args], io);
  return { exit, out: io.out(), err: io.err() };
}

describe('pacelc verify sweeps', () => {
  it('prints the same report, byte for byte, with 1 job and with 2 worker threads', async () => {
    const one = await verify([...sweep, '--jobs', '1']);
    const two = await verify([...sweep, '--jobs', '2']);
    expect(two.out).toBe(one.out);
    expect(two.exit).toBe(one.exit);
    expect(one.exit).toBe(ExitCode.violated);
    expect(one.out).toMatch(/VIOLATED +counter/);
    expect(one.out).toMatch(/HOLDS +register/);
    expect(one.out).toContain('measured: 4/4 runs pass');
  });

  it('stops at the first refuted run with --fail-fast and prints its replay command', async () => {
    const stopped = await verify([...sweep, '--fail-fast']);
    expect(stopped.exit).toBe(ExitCode.violated);
    expect(stopped.out).toContain('  refuted by seed 1:');
    expect(stopped.out).toContain('  replay:   pacelc simulate --protocol leaderless --n 3 --w 1 --r 1 --read-repair --ops 200 --clients 5 --faults partition --check linearizable --allow-lost-writes --seed 1');
    expect(stopped.out).toContain('stopped at the first refutation (--fail-fast) after 1 of 8 runs; not run: register\nverdict: violated (1 violated)');
    expect(stopped.out).not.toMatch(/HOLDS +register/);
  });

  it('shows its progress with the time left on a terminal, and nothing on a pipe', async () => {
    const terminal: string[] = [];
    const shown = await verify(['--seeds', '2', '--ops', '100', '--faults', 'partition'], { isTTY: true, write: (text) => void terminal.push(text) });
    expect(terminal.join('')).toMatch(/\[#+\.*\] 1\/4 runs · 25% · \d+s left/);
    expect(terminal.join('')).toContain('4/4 runs · 100% · done in');
    expect(terminal.at(-1)).toBe('\r\u001b[K');
    const pipe: string[] = [];
    const piped = await verify(['--seeds', '2', '--ops', '100', '--faults', 'partition'], { isTTY: false, write: (text) => void pipe.push(text) });
    expect(pipe).toEqual([]);
    expect(piped.out).toBe(shown.out);
  });

  it('rejects bad sweep options with exit 2', async () => {
    for (const args of [['--jobs', '0'], ['--queue', 'redis://x'], ['--ack-wait', '5000'], ['--jobs', '2', '--queue', 'nats://127.0.0.1:4222']]) {
      expect((await verify([...sweep, ...args])).exit, args.join(' ')).toBe(ExitCode.badInput);
    }
  });
});
