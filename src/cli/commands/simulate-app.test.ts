// `pacelc simulate --app FILE`: one seed of a user's world, or a sweep with shrinking; bad input exits 2.
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { bufferIo } from '../io.js';
import { main } from '../main.js';

const root = new URL('../../../', import.meta.url).pathname;
const app = ['--app', 'examples/sim/two-process/world.ts'];

async function simulate(args: string[]): Promise<{ exit: number; out: string; err: string }> {
  const io = bufferIo({ cwd: root });
  const exit = await main(['simulate', ...args], io);
  return { exit, out: io.out(), err: io.err() };
}

describe('pacelc simulate --app', () => {
  it('sweeps, stops at the first failing seed, and its replay line reproduces the shrunk run', async () => {
    const sweep = await simulate([...app, '--export', 'twoProcess', '--seeds', '1..20']);
    expect(sweep.exit).toBe(ExitCode.violated);
    const replay = /replay: npx pacelc simulate (.*)$/m.exec(sweep.out)?.[1] as string;
    expect(replay).toMatch(/--seed \d+ --keep-faults \d[\d,]* --magnitudes \d+=[\d.]+/);
    expect(sweep.out).toContain('(made smaller)');
    const again = await simulate(replay.split(' '));
    expect(again.exit).toBe(ExitCode.violated);
    // The shrunk run's last steps, as the sweep printed them, are the replay's.
    const tail = (text: string) => text.split('\n').filter((line) => /^ {4}\d+\.\d{3} /.test(line)).slice(-8);
    expect(tail(again.out)).toEqual(tail(sweep.out));
  });

  it('prints the same report on 1 job and on 2 worker threads', async () => {
    const one = await simulate([...app, '--export', 'fixed', '--seeds', '1..4', '--jobs', '1']);
    const two = await simulate([...app, '--export', 'fixed', '--seeds', '1..4', '--jobs', '2']);
    expect(one.exit).toBe(ExitCode.ok);
    expect(two.out).toBe(one.out);
  }, 60_000);

  it('refuses bad input with exit 2 and the reason', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[...app], /several worlds.*twoProcess, fixed|twoProcess, fixed/],
      [[...app, '--export', 'nope'], /Invalid option export: expected one of the worlds/],
      [[...app, '--export', 'fixed', '--seeds', '5..1'], /--seeds must be a range/],
      [[...app, '--export', 'fixed', '--seed', '1', '--seeds', '1..2'], /exclude each other/],
      [[...app, '--export', 'fixed', '--seed', 'x'], /--seed must be a whole number/],
      [[...app, '--export', 'fixed', '--seed', '1', '--keep-faults', '99'], /Invalid option keepFaults/],
      [[...app, '--export', 'fixed', '--jobs', '2'], /--jobs applies to a sweep/],
      [[...app, '--export', 'fixed', '--seed', '1', '--magnitudes', '0:5'], /--magnitudes: expected INDEX=SIZE/],
      [[...app, '--export', 'fixed', '--seed', '1', '--magnitudes', '0=5'], /Invalid option magnitudes: expected a probability/],
      [[...app, '--export', 'fixed', '--seeds', '1..2', '--magnitudes', '0=0.1'], /--magnitudes applies to one seed/],
      [['--app', 'examples/sim/no-such-world.ts'], /no-such-world/],
    ];
    for (const [args, reason] of cases) {
      const result = await simulate(args);
      expect(result.exit, args.join(' ')).toBe(ExitCode.badInput);
      expect(result.err, args.join(' ')).toMatch(reason);
    }
  });
});
