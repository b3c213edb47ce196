// `pacelc simulate --seeds A..B`: a sweep through the sweep module, the same lines whatever runs it.
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { bufferIo } from '../io.js';
import { main } from '../main.js';

// W + R <= N under partitions: some seeds refute linearizability, some do not.
const weak = ['--protocol', 'leaderless', '--n', '3', '--w', '1', '--r', '1', '--ops', '150', '--faults', 'partition'];

async function simulate(args: string[], progress?: { isTTY: boolean; write: (text: string) => void }): Promise<{ exit: number; out: string; err: string }> {
  const io = bufferIo(progress === undefined ? {} : { progress });
  const exit = await main(['simulate', ...args], io);
  return { exit, out: io.out(), err: io.err() };
}

describe('pacelc simulate --seeds', () => {
  it('prints the same lines, byte for byte, with 1 job and with 2 worker threads', async () => {
    const one = await simulate([...weak, '--seeds', '1..6', '--jobs', '1']);
    const two = await simulate([...weak, '--seeds', '1..6', '--jobs', '2']);
    expect(two.out).toBe(one.out);
    expect(two.exit).toBe(one.exit);
    expect(one.exit).toBe(ExitCode.violated);
    expect(one.out.split('\n').filter((line) => line.startsWith('seed ')).map((line) => line.split(/\s+/)[1])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(one.out).toMatch(/^seed 2 {2}VIOLATED {2}availability \d+% · stale reads \d+\/\d+ · lost writes \d+\/\d+ · trace [0-9a-f]{8} — the history is not linearizable/m);
    expect(one.out).toContain('6 runs: 4 hold, 2 violated, 0 undecided\nfirst refutation: seed 2 (replay: pacelc simulate --protocol leaderless --n 3 --w 1 --r 1 --ops 150 --faults partition --seed 2)');
    // The replay command gives the run the sweep summarised: the same trace.
    const replay = await simulate([...weak, '--seed', '2']);
    const hash = /^seed 2 .* trace ([0-9a-f]{8})/m.exec(one.out)?.[1] as string;
    expect(replay.out).toContain(`trace        sha256 ${hash}`);
  });

  it('stops at the first refuted seed with --fail-fast, and speaks JSON lines with --format json', async () => {
    const stopped = await simulate([...weak, '--seeds', '1..6', '--fail-fast']);
    expect(stopped.exit).toBe(ExitCode.violated);
    expect(stopped.out).toContain('2 runs: 1 hold, 1 violated, 0 undecided\nstopped at the first refutation (--fail-fast) after 2 of 6 seeds\nfirst refutation: seed 2');
    const json = await simulate([...weak, '--seeds', '3..4', '--format', 'json']);
    const lines = json.out.trimEnd().split('\n').map((line) => JSON.parse(line) as { seed: number; verdict: string });
    expect(lines.map((line) => [line.seed, line.verdict])).toEqual([
      [3, 'holds'],
      [4, 'violated'],
    ]);
  });

  it('shows progress on a terminal and nothing on a pipe', async () => {
    const written: string[] = [];
    const onTerminal = await simulate([...weak, '--seeds', '1..3'], { isTTY: true, write: (text) => void written.push(text) });
    expect(written.join('')).toContain('3/3 seeds · 100% · done in');
    const piped: string[] = [];
    const onPipe = await simulate([...weak, '--seeds', '1..3'], { isTTY: false, write: (text) => void piped.push(text) });
    expect(piped).toEqual([]);
    expect(onPipe.out).toBe(onTerminal.out);
    // One run: the share of operations, then the checker's phase (it used to stay at 100% while the checker ran).
    const single: string[] = [];
    await simulate([...weak, '--seed', '2'], { isTTY: true, write: (text) => void single.push(text) });
    expect(single.join('')).toContain('150/150 operations · 100%');
    expect(single.join('')).toContain('checking the history: linearizable, 150 operations…');
  });

  it('rejects sweep flags without --seeds and a bad range, with exit 2', async () => {
    for (const args of [['--jobs', '2'], ['--fail-fast'], ['--seeds', '5..1'], ['--seeds', '1..3', '--seed', '2'], ['--seeds', '1..3', '--out', 'x'], ['--seeds', '1..3', '--queue', 'http://x'], ['--seeds', '1..3', '--ack-wait', '2000']]) {
      const result = await simulate([...weak, ...args]);
      expect(result.exit, args.join(' ')).toBe(ExitCode.badInput);
    }
    expect((await simulate([...weak, '--fail-fast'])).err).toContain('--fail-fast applies to a sweep: add --seeds A..B');
  });
});
