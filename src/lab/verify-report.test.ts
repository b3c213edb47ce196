import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { design } from '../advisor/design.js';
import { parseSpec } from '../advisor/spec/parse.js';
import { verifyDesign } from '../verify/verify-design.js';
import type { RunReportData } from './run-report-data.js';
import { verifyReportInput } from './verify-report.js';

// Counts the simulations the report makes (passes each call through to the real simulator).
const counted = vi.hoisted(() => ({ runs: 0 }));
vi.mock('../replication/simulate.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../replication/simulate.js')>();
  return {
    ...real,
    simulate: (...args: Parameters<typeof real.simulate>) => {
      counted.runs++;
      return real.simulate(...args);
    },
  };
});

const ledger = design(parseSpec(readFileSync(new URL('../../examples/verify/async-ledger.yaml', import.meta.url), 'utf8'), { file: 'async-ledger.yaml' }));

/** How many simulations `make` runs. */
function runsOf<T>(make: () => T): { value: T; runs: number } {
  const before = counted.runs;
  const value = make();
  return { value, runs: counted.runs - before };
}

describe('verifyReportInput', () => {
  it('draws the refuting run once when verify kept its history and checks, the same picture as from a run made twice', () => {
    const report = verifyDesign(ledger, { seeds: 3, operations: 300 });
    const balance = report.entities.find((entity) => entity.entity === 'balance');
    expect(balance?.verdict).toBe('violated');
    expect(balance?.firstViolation?.history).toBeDefined();
    expect(balance?.firstViolation?.checks.some((check) => check.verdict === 'violated')).toBe(true);
    const once = runsOf(() => verifyReportInput(report));
    // The same report without the kept history: the run is made, checked, then made again to record its messages.
    const withoutHistory = { ...report, entities: report.entities.map(({ firstViolation, ...entity }) => ({ ...entity, ...(firstViolation === undefined ? {} : { firstViolation: { seed: firstViolation.seed, findings: firstViolation.findings, checks: firstViolation.checks } }) })) };
    const twice = runsOf(() => verifyReportInput(withoutHistory));
    const modelled = report.entities.filter((entity) => entity.plan.protocol !== undefined).length;
    expect(twice.runs).toBe(2 * modelled);
    expect(once.runs).toBe(twice.runs - 1);
    // Same window, same messages, the same operations blamed, the same replay command.
    expect(once.value.data).toEqual(twice.value.data);
    const drawn = (once.value.data as RunReportData).entities?.find((entity) => entity.entity === 'balance');
    expect(drawn?.run?.violating.length).toBeGreaterThan(0);
    expect(drawn?.run?.messages?.from.length).toBeGreaterThan(0);
  });
});
