import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { design } from '../advisor/design.js';
import { parseSpec } from '../advisor/spec/parse.js';
import { replayCommand } from '../verify/format-verification.js';
import { verifyDesign } from '../verify/verify-design.js';
import { labVerify, scheduleOf } from './lab-verify.js';

const bank = design(parseSpec(readFileSync(new URL('../../examples/specs/bank-ledger.yaml', import.meta.url), 'utf8'), { file: 'bank-ledger.yaml' }));

describe('scheduleOf', () => {
  it('partitions the listed nodes from the rest, from t1 to t2', () => {
    expect(scheduleOf({ kind: 'partition', nodes: [2, 0, 0], fromMs: 200, toMs: 1_500 }, 4)).toEqual([{ atMs: 200, durationMs: 1_300, fault: { kind: 'partition', groups: [[0, 2], [1, 3]] } }]);
    expect(scheduleOf({ kind: 'crash', nodes: [1], fromMs: 0, toMs: 10 }, 3)).toEqual([{ atMs: 0, durationMs: 10, fault: { kind: 'crash', nodes: [1] } }]);
  });

  it('refuses nodes outside the cluster, a partition with one side, and times out of order, naming the field', () => {
    expect(() => scheduleOf({ kind: 'partition', nodes: [3], fromMs: 0, toMs: 10 }, 3)).toThrow(/fault\.nodes: expected nodes from 0 to 2 .* received 3/);
    expect(() => scheduleOf({ kind: 'partition', nodes: [0, 1, 2], fromMs: 0, toMs: 10 }, 3)).toThrow(/both sides/);
    expect(() => scheduleOf({ kind: 'crash', nodes: [], fromMs: 0, toMs: 10 }, 3)).toThrow(/fault\.nodes/);
    expect(() => scheduleOf({ kind: 'crash', nodes: [0], fromMs: 50, toMs: 10 }, 3)).toThrow(/fault\.toMs.*received 10/);
    expect(() => scheduleOf({ kind: 'crash', nodes: [0], fromMs: -1, toMs: 10 }, 3)).toThrow(RangeError);
    expect(() => scheduleOf({ kind: 'flood' as 'crash', nodes: [0], fromMs: 0, toMs: 10 }, 3)).toThrow(/fault\.kind/);
  });
});

describe('labVerify', () => {
  it('gives the report verifyDesign gives, from worker threads, reporting each run', async () => {
    const runs: string[] = [];
    const report = await labVerify(bank, { seeds: 2, firstSeed: 1, operations: 150, threads: 2, onRun: (progress) => runs.push(`${progress.done}/${progress.total}`) });
    const same = verifyDesign(bank, { seeds: 2, firstSeed: 1, operations: 150 });
    expect(JSON.stringify(report)).toBe(JSON.stringify(same));
    expect(runs.at(-1)).toBe(`${runs.length}/${runs.length}`);
  });

  it('re-runs a seed with a fault added by hand, which changes what the run saw', async () => {
    const entity = bank.entities[0]?.name ?? '';
    const quiet = { seeds: 1, firstSeed: 7, operations: 150, entity, threads: 1, drawnFaults: [] };
    const plain = await labVerify(bank, quiet);
    const faulted = await labVerify(bank, { ...quiet, fault: { kind: 'crash', nodes: [0], fromMs: 10, toMs: 400 } });
    const run = (report: typeof plain) => report.entities[0]?.runs[0];
    expect(run(plain)?.faults).toEqual([]);
    expect(run(faulted)?.faults).toEqual(['crash']);
    expect(run(faulted)?.availability).toBeLessThan(run(plain)?.availability ?? 0);
    // The report says which fault was added, so whatever redraws the run can add it too.
    expect(faulted.settings.schedule).toEqual([{ atMs: 10, durationMs: 390, fault: { kind: 'crash', nodes: [0] } }]);
    expect(plain.settings.schedule).toBeUndefined();
    // A replay command that leaves the fault out says so.
    const plan = faulted.entities[0]?.plan;
    if (plan === undefined) throw new Error('no plan');
    expect(replayCommand(plan, 7, faulted.settings)).toMatch(/--faults none .*--seed 7 {2}# plus, at fixed times \(put them in a scenario's faults\.schedule\): crash 0 at 10 ms for 390 ms$/);
    expect(replayCommand(plan, 7, plain.settings)).toMatch(/--seed 7$/);
  });

  it('refuses bad options before running anything', async () => {
    await expect(labVerify(bank, { seeds: 0, firstSeed: 1, operations: 10, threads: 1 })).rejects.toThrow(/seeds/);
    await expect(labVerify(bank, { seeds: 1, firstSeed: 1, operations: 10, threads: 1, fault: { kind: 'crash', nodes: [0], fromMs: 0, toMs: 5 } })).rejects.toThrow(/entity/);
    await expect(labVerify(bank, { seeds: 1, firstSeed: 1, operations: 10, threads: 1, entity: 'nope' })).rejects.toThrow(/entities/);
  });
});
