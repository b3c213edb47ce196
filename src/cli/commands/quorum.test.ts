import { describe, expect, it } from 'vitest';
import { analyzeQuorum } from '../../advisor/quorum.js';
import type { CommandEntry } from '../command.js';
import { commands } from '../commands.js';
import { ExitCode } from '../exit-code.js';
import { bufferIo } from '../io.js';
import { main } from '../main.js';

// The registry's computed `import(\`./commands/${name}.js\`)` works in the built CLI but not under
// Vite's module loader, so the test registers this module statically; main() is otherwise the real one.
const entry = commands.find((command) => command.name === 'quorum') as CommandEntry;
const registry: readonly CommandEntry[] = [{ ...entry, load: () => import('./quorum.js') }];

async function quorum(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIo();
  const code = await main(['quorum', ...args], io, registry);
  return { code, out: io.out(), err: io.err() };
}

describe('pacelc quorum', () => {
  it('reports that N=5 W=3 R=2 does not overlap (the seed table calls it "Strong")', async () => {
    const { code, out, err } = await quorum('--n', '5', '--w', '3', '--r', '2');
    expect(code).toBe(ExitCode.ok);
    expect(err).toBe('');
    expect(out).toContain('Quorum N=5 W=3 R=2 (strict, no write-back on reads)');
    expect(out).toMatch(/read\/write overlap +no +W \+ R = 5 ≤ N = 5/);
    expect(out).toMatch(/write\/write overlap +yes +2W = 6 > N = 5/);
    expect(out).toMatch(/writes survive +2 replica failures/);
    expect(out).toMatch(/reads survive +3 replica failures/);
    expect(out).toContain('the 3rd fastest of 5 replicas (the median)');
    expect(out).toContain('none: stale reads possible');
    expect(out).toContain('raise R to 3 (or W to 4)');
    expect(out).not.toContain('\u001b[');
  });

  it('reports a regular register for overlapping quorums, linearizable with --write-back, none when --sloppy', async () => {
    expect((await quorum('--n', '3', '--w', '2', '--r', '2')).out).toContain('regular register');
    expect((await quorum('--n', '3', '--w', '2', '--r', '2', '--write-back')).out).toContain('linearizable (atomic register)');
    const sloppy = await quorum('--n', '3', '--w', '2', '--r', '2', '--write-back', '--sloppy');
    expect(sloppy.out).toContain('(sloppy, write-back on reads)');
    expect(sloppy.out).toContain('none: stale reads possible');
    expect(sloppy.out).toContain('hinted handoff');
  });

  it('prints the analysis as JSON, identical to analyzeQuorum', async () => {
    const { code, out } = await quorum('--n', '5', '--w', '3', '--r', '3', '--format', 'json');
    expect(code).toBe(ExitCode.ok);
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(analyzeQuorum({ n: 5, w: 3, r: 3 }))));
  });

  it('estimates latency from a replica median and p99', async () => {
    const { code, out } = await quorum('--n', '3', '--w', '2', '--r', '1', '--latency-median-ms', '2', '--latency-p99-ms', '40');
    expect(code).toBe(ExitCode.ok);
    expect(out).toContain('Latency (lognormal, median 2 ms, p99 40 ms per replica, independent)');
    expect(out).toMatch(/one replica +2\.00 ms +40\.0 ms/);
    const json = JSON.parse((await quorum('--n', '3', '--w', '2', '--r', '1', '--latency-median-ms', '2', '--latency-p99-ms', '40', '--coordinator-is-replica', '--format', 'json')).out);
    expect(json.latency.coordinatorIsReplica).toBe(true);
    expect(json.latency.read).toEqual({ p50Ms: 0, p99Ms: 0, p999Ms: 0 });
    expect(json.latency.write.p99Ms).toBeLessThan(40);
  });

  it('estimates latency for a placement across regions, one distribution per replica', async () => {
    const { code, out } = await quorum('--n', '5', '--w', '3', '--r', '2', '--replica-latency-ms', '1/10,1/10,70/110,70/110,70/110');
    expect(code).toBe(ExitCode.ok);
    expect(out).toContain('Latency (2 × lognormal, median 1 ms, p99 10 ms; 3 × lognormal, median 70 ms, p99 110 ms, independent)');
    expect(out).toMatch(/write \(W=3\) +59\.7 ms +81\.6 ms/);
    expect(out).toMatch(/first replica +1\.00 ms +10\.0 ms/);
    const json = JSON.parse((await quorum('--n', '5', '--w', '3', '--r', '2', '--replica-latency-ms', '1/10,1/10,70/110,70/110,70/110', '--coordinator-is-replica', '--format', 'json')).out);
    expect(json.latency.read.p50Ms).toBeCloseTo(1, 1);
  });

  it('tabulates every W and R when only --n is given', async () => {
    const { code, out } = await quorum('--n', '3');
    expect(code).toBe(ExitCode.ok);
    expect(out).toContain('Every W and R for N=3');
    // W=1 row: only R=3 overlaps; W=2: R=2,3; W=3: all.
    expect(out).toMatch(/^ {2}1 +\. +\. +R +2 +no$/m);
    expect(out).toMatch(/^ {2}2 +\. +R +R +1 +yes$/m);
    expect(out).toMatch(/^ {2}3 +R +R +R +0 +yes$/m);
    const linearizable = await quorum('--n', '3', '--write-back', '--format', 'json');
    const cells = JSON.parse(linearizable.out) as { w: number; r: number; guarantee: string }[];
    expect(cells).toHaveLength(9);
    expect(cells.filter((cell) => cell.guarantee === 'linearizable').map((cell) => [cell.w, cell.r])).toEqual([[1, 3], [2, 2], [2, 3], [3, 1], [3, 2], [3, 3]]);
  });

  it('colours yes/no and the guarantee on a TTY', async () => {
    const io = bufferIo({ color: true });
    expect(await main(['quorum', '--n', '5', '--w', '3', '--r', '3'], io, registry)).toBe(ExitCode.ok);
    expect(io.out()).toContain('\u001b[32myes\u001b[0m');
  });

  it('prints help', async () => {
    const { code, out } = await quorum('--help');
    expect(code).toBe(ExitCode.ok);
    expect(out).toContain('usage: pacelc quorum --n N --w W --r R');
    expect(out).toContain('--write-back');
  });

  it.each([
    [['--w', '2', '--r', '2'], 'missing --n'],
    [['--n', '5', '--w', '2'], 'missing --r'],
    [['--n', '5', '--r', '2'], 'missing --w'],
    [['--n', 'five', '--w', '2', '--r', '2'], '--n must be a whole number from 1 to 1000, received "five"'],
    [['--n', '0', '--w', '1', '--r', '1'], '--n must be a whole number from 1 to 1000, received "0"'],
    [['--n', '5', '--w', '6', '--r', '2'], '--w must be a whole number from 1 to N (5), received "6"'],
    [['--n', '5', '--w', '2', '--r', '2.5'], '--r must be a whole number from 1 to N (5), received "2.5"'],
    [['--n', '5', '--w', '3', '--r', '3', '--format', 'yaml'], '--format must be one of text, json, received "yaml"'],
    [['--n', '5', '--w', '3', '--r', '3', '--write_back'], 'did you mean "--write-back"?'],
    [['--n', '5', '--w', '3', '--r', '3', '--latency-median-ms', '2'], 'needs both --latency-median-ms and --latency-p99-ms'],
    [['--n', '5', '--w', '3', '--r', '3', '--latency-median-ms', '5', '--latency-p99-ms', '4'], 'must be greater than --latency-median-ms'],
    [['--n', '5', '--w', '3', '--r', '3', '--latency-median-ms=-1', '--latency-p99-ms', '4'], '--latency-median-ms must be a number of milliseconds > 0'],
    [['--n', '5', '--w', '3', '--r', '3', '--coordinator-is-replica'], '--coordinator-is-replica only applies to a latency estimate'],
    [['--n', '20'], 'for N up to 15'],
    [['5', '3', '3'], 'unexpected argument "5": this command takes only options'],
    [['--n', '3', '--w', '2', '--r', '2', '--replica-latency-ms', '1/10,2/20'], 'needs one MEDIAN/P99 per replica (3), received 2'],
    [['--n', '3', '--w', '2', '--r', '2', '--replica-latency-ms', '1/10,2/20,3'], 'entry 3 must be MEDIAN/P99 in ms, received "3"'],
    [['--n', '3', '--w', '2', '--r', '2', '--replica-latency-ms', '1/10,2/20,30/3'], 'entry 3: the p99 (3) must be greater than the median (30)'],
    [['--n', '3', '--w', '2', '--r', '2', '--replica-latency-ms', '1/10,2/20,x/3'], '--replica-latency-ms entry 3 median must be a number of milliseconds > 0'],
    [['--n', '3', '--w', '2', '--r', '2', '--replica-latency-ms', '1/10,2/20,3/30', '--latency-median-ms', '2'], 'not both'],
  ])('exits 2 with a helpful message for %j', async (args, message) => {
    const { code, out, err } = await quorum(...args);
    expect(code).toBe(ExitCode.badInput);
    expect(out).toBe('');
    expect(err).toContain(message);
    expect(err).toContain('usage: pacelc quorum');
    expect(err).not.toMatch(/\n\s+at /);
  });
});
