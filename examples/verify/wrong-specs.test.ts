// Deliberately wrong specs: pacelc verify refutes each, naming the seed and the command that replays it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-code.js';
import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const root = new URL('../../', import.meta.url).pathname;

async function verify(args: string[]): Promise<{ code: number; out: string }> {
  const io = bufferIo({ cwd: root });
  const code = await main(['verify', ...args], io);
  return { code, out: io.out() };
}

describe('wrong specs are refuted with a replaying seed', () => {
  it('asynchronous replication on money', async () => {
    const { code, out } = await verify(['examples/verify/async-ledger.yaml', '--seeds', '3', '--ops', '300']);
    expect(code).toBe(ExitCode.violated);
    expect(out).toMatch(/refuted by seed \d+:[\s\S]*replay: {3}pacelc simulate --protocol leader-follower --mode asynchronous/);
  });

  it('leaderless W + R <= N claimed linearizable', async () => {
    const { code, out } = await verify(['examples/verify/weak-quorum-linearizable.yaml', '--seeds', '3', '--ops', '300']);
    expect(code).toBe(ExitCode.violated);
    expect(out).toContain('the history is not linearizable');
    expect(out).toMatch(/replay: {3}pacelc simulate --protocol leaderless --n 3 --w 1 --r 1 .* --seed \d+/);
  });

  it('a sloppy quorum claimed to lose no acknowledged write', async () => {
    const { code, out } = await verify(['examples/verify/sloppy-quorum-rpo0.yaml']);
    expect(code).toBe(ExitCode.violated);
    expect(out).toMatch(/refuted by seed 4:\n {4}- \d+ acknowledged writes were lost/);
    expect(out).toContain('--sloppy');
  });

  it('a multi-leader register resolved by last writer wins claimed to lose nothing', async () => {
    const { code, out } = await verify(['examples/verify/multi-leader-lww-rpo0.yaml', '--seeds', '3', '--ops', '300']);
    expect(code).toBe(ExitCode.violated);
    expect(out).toMatch(/dropped by the conflict resolution, first: k\d = \d+: a concurrent write won/);
    expect(out).toMatch(/replay: {3}pacelc simulate --protocol multi-leader .*--resolution last-writer-wins.* --seed \d+/);
  });

  it('last writer wins on a counter loses increments, replayed by its seed; a PN-counter does not', async () => {
    const { code, out } = await verify(['examples/verify/lww-counter.yaml', '--seeds', '3', '--ops', '300']);
    expect(code).toBe(ExitCode.violated);
    expect(out).toContain('checked:  no acknowledged increment lost');
    expect(out).toMatch(/refuted by seed \d+:\n {4}- \d+ acknowledged writes were lost, first: k\d increment \d+: the converged count \d+ is \d+ short/);
    const replay = /replay: {3}pacelc (simulate .*--data-type counter.*)/.exec(out)?.[1];
    expect(replay).toBeDefined();
    const io = bufferIo({ cwd: root });
    expect(await main((replay as string).split(' '), io)).toBe(ExitCode.violated);
    expect(io.out()).toMatch(/VIOLATED .*acknowledged writes were lost, first: k\d increment/);
    // The same counter with its merge kind alone (no last-writer-wins) is a PN-counter CRDT: every increment counts.
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-counter-'));
    const merged = join(directory, 'pn-counter.yaml');
    writeFileSync(merged, readFileSync(join(root, 'examples/verify/lww-counter.yaml'), 'utf8').replace(/\n\s*conflicts: last-writer-wins/, ''));
    const holds = await verify([merged, '--seeds', '3', '--ops', '300']);
    expect(holds.out).toContain('(pacelc/crdt PNCounter merging inside the simulator)');
    expect(holds.out).toMatch(/HOLDS {8}like-count[\s\S]*lost acknowledged writes 0\/\d+/);
    expect(holds.code).toBe(ExitCode.ok);
  });
});
