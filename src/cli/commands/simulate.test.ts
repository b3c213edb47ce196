import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistory, parseJsonLinesHistory } from '../../check/index.js';
import { ExitCode } from '../exit-code.js';
import { bufferIo } from '../io.js';
import { main } from '../main.js';

async function simulate(args: string[], cwd?: string): Promise<{ exit: number; out: string; err: string }> {
  const io = bufferIo(cwd === undefined ? {} : { cwd });
  const exit = await main(['simulate', ...args], io);
  return { exit, out: io.out(), err: io.err() };
}

describe('pacelc simulate', () => {
  it('runs the example from the issue: metrics, verdict, seed and the command that replays it', async () => {
    const result = await simulate(['--protocol', 'leaderless', '--n', '5', '--w', '3', '--r', '2', '--faults', 'partition', '--ops', '1000', '--seed', '7']);
    expect(result.err).toBe('');
    expect(result.out).toContain('leaderless N=5 W=3 R=2 on 5 nodes');
    expect(result.out).toContain('seed 7 (replay: pacelc simulate --protocol leaderless --n 5 --w 3 --r 2 --faults partition --ops 1000 --seed 7)');
    expect(result.out).toMatch(/ {2}read +\d+ +\d+/);
    expect(result.out).toMatch(/availability [\d.]+% \(\d+ of 1000 ok\)/);
    expect(result.out).toMatch(/partition \[/);
    expect(result.out).toMatch(/trace {8}sha256 [0-9a-f]{64}/);
    expect(result.out).toMatch(/check {8}linearizable/);
    expect([ExitCode.ok, ExitCode.violated]).toContain(result.exit);
    const again = await simulate(['--protocol', 'leaderless', '--n', '5', '--w', '3', '--r', '2', '--faults', 'partition', '--ops', '1000', '--seed', '7']);
    expect(again.out).toBe(result.out);
  });

  it('exits 0 when the claim holds, 1 when it is violated', async () => {
    expect((await simulate(['--n', '3', '--w', '2', '--r', '2', '--write-back', '--faults', 'partition,crash', '--ops', '500', '--seed', '1'])).exit).toBe(ExitCode.ok);
    const lossy = await simulate(['--protocol', 'leader-follower', '--mode', 'async', '--faults', 'isolate', '--fault-interval', '200', '--fault-duration', '1000', '--ops', '1500', '--seed', '3']);
    expect(lossy.exit).toBe(ExitCode.violated);
    expect(lossy.out).toMatch(/VIOLATED.*acknowledged writes were lost/);
    const unchecked = await simulate(['--protocol', 'leader-follower', '--mode', 'async', '--faults', 'isolate', '--fault-interval', '200', '--fault-duration', '1000', '--ops', '1500', '--seed', '3', '--check', 'none', '--allow-lost-writes']);
    expect(unchecked.exit).toBe(ExitCode.ok);
  });

  it('--out writes the history (readable by pacelc check), the trace and a JSON report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacelc-simulate-'));
    const result = await simulate(['--n', '3', '--w', '1', '--r', '1', '--faults', 'partition', '--ops', '300', '--seed', '2', '--out', 'run'], dir);
    expect(result.out).toContain('wrote run/history.jsonl');
    const history = parseJsonLinesHistory(readFileSync(join(dir, 'run', 'history.jsonl'), 'utf8'), 'history.jsonl');
    expect(history.filter((event) => event.type === 'invoke')).toHaveLength(300);
    const report = JSON.parse(readFileSync(join(dir, 'run', 'report.json'), 'utf8')) as { seed: number; verdict: string; traceSha256: string; replay: string };
    expect(report.seed).toBe(2);
    expect(checkHistory(history, { model: 'cas-register' }).verdict).toBe(report.verdict === 'holds' ? 'holds' : 'violated');
    const trace = readFileSync(join(dir, 'run', 'trace.log'), 'utf8');
    expect(trace.split('\n').length).toBeGreaterThan(1000);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(trace).digest('hex')).toBe(report.traceSha256);
    expect(report.replay).toBe('pacelc simulate --n 3 --w 1 --r 1 --faults partition --ops 300 --seed 2');
  });

  it('--out writes the history with --check none too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacelc-simulate-'));
    await simulate(['--ops', '100', '--seed', '4', '--check', 'none', '--out', 'run'], dir);
    const history = parseJsonLinesHistory(readFileSync(join(dir, 'run', 'history.jsonl'), 'utf8'), 'history.jsonl');
    expect(history.filter((event) => event.type === 'invoke')).toHaveLength(100);
  });

  it('--format json prints the report as JSON', async () => {
    const result = await simulate(['--ops', '100', '--seed', '4', '--format', 'json']);
    const report = JSON.parse(result.out) as { seed: number; protocol: { n: number }; totals: { invoked: number }; history?: unknown };
    expect(report).toMatchObject({ seed: 4, protocol: { n: 3 }, totals: { invoked: 100 } });
    expect(report.history).toBeUndefined();
  });

  it('a scenario file runs, and flags override it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacelc-scenario-'));
    writeFileSync(join(dir, 's.yaml'), 'seed: 9\nprotocol: { kind: leaderless, n: 3, w: 2, r: 2 }\nworkload: { operations: 200 }\n');
    const result = await simulate(['s.yaml', '--r', '1', '--ops', '50'], dir);
    expect(result.out).toContain('N=3 W=2 R=1');
    expect(result.out).toContain('50 ops by 5 clients');
    expect(result.out).toContain('seed 9 (replay: pacelc simulate s.yaml --r 1 --ops 50 --seed 9)');
  });

  it('bad input: a scenario error names file:line:col and exits 2 without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacelc-bad-'));
    writeFileSync(join(dir, 'bad.yaml'), 'protocol:\n  kind: leaderless\n  n: 3\n  w: 2\n  r: 2\n  readRepiar: true\nfaults:\n  schedule:\n    - { atMs: 10, kind: partiton, groups: [[0], [1]] }\n');
    const result = await simulate(['bad.yaml'], dir);
    expect(result.exit).toBe(ExitCode.badInput);
    expect(result.err).toContain('bad.yaml:6:3: protocol.readRepiar: unknown field (did you mean "readRepair"?)');
    expect(result.err).toMatch(/bad\.yaml:9:\d+: faults\.schedule\[0\]\.kind: .*partition/);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect((await simulate(['missing.yaml'], dir)).exit).toBe(ExitCode.badInput);
  });

  it('bad flags exit 2 with a helpful message', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--n', 'x'], /--n must be a whole number/],
      [['--w', '4'], /--w must be a whole number from 1 to 3/],
      [['--faults', 'partiton'], /unknown fault "partiton".*did you mean "partition"/],
      [['--mode', 'async'], /--mode does not apply to --protocol leaderless/],
      [['--protocol', 'leader-folower'], /did you mean "leader-follower"/],
      [['--sead', '3'], /unknown option --sead.*did you mean "--seed"/],
      [['--fault-interval', '10'], /need --faults/],
      [['--loss', '2'], /probability/],
    ];
    for (const [args, pattern] of cases) {
      const result = await simulate(args);
      expect({ args, exit: result.exit }).toEqual({ args, exit: ExitCode.badInput });
      expect(result.err).toMatch(pattern);
    }
  });

  it('--help lists the options', async () => {
    const result = await simulate(['--help']);
    expect(result.exit).toBe(ExitCode.ok);
    expect(result.out).toContain('--write-back');
    expect(result.out).toContain('--fencing');
  });

  it('--html writes the run report (the replay command without --html), and refuses what it cannot draw', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-simulate-html-'));
    const target = join(directory, 'run.html');
    const result = await simulate(['--protocol', 'raft', '--faults', 'crash', '--ops', '400', '--seed', '2', '--html', target, '--messages', '100..300']);
    expect(result.err).toMatch(/^report: .*run\.html \(\d+ kB\)\n$/);
    const html = readFileSync(target, 'utf8');
    expect(html).toContain('<title>simulate: seed 2</title>');
    expect(html).toContain('"replay":"pacelc simulate --protocol raft --faults crash --ops 400 --seed 2"');
    expect(html).toContain('"messages":{"fromMs":100,"toMs":300');
    const bad = async (args: string[], message: string) => {
      const refused = await simulate(args);
      expect(refused.exit).toBe(ExitCode.badInput);
      expect(refused.err).toContain(message);
    };
    await bad(['--html', join(directory, 'missing/run.html')], '--html');
    await bad(['--messages', '100..300'], '--messages chooses what the HTML report draws: add --html FILE');
    await bad(['--html', target, '--messages', '300..100'], '--messages must be a window of virtual time in ms, A..B with A < B (e.g. 1000..1250), received "300..100"');
    await bad(['--seeds', '1..3', '--html', target], '--html draws one run: replay a seed of the sweep with --seed S --html FILE');
  });
});
