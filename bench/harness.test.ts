// The benchmark harness runs end to end (quick mode, nothing written); figures are not asserted.
import { describe, expect, it } from 'vitest';
import { casesTable, measureCases, median, renderTable } from './harness.js';
import randomSuite from './random.bench.js';

describe('bench harness', () => {
  it('measures sync and async cases and renders a table with ratios', async () => {
    const context = { quick: true, log: () => {} };
    let counter = 0;
    const results = await measureCases([
      { name: 'sync', fn: () => counter++, subject: true },
      { name: 'async', fn: async () => counter++ },
    ], context);
    expect(results.map((result) => result.name)).toEqual(['sync', 'async']);
    expect(results.every((result) => result.medianNsPerOp > 0 && result.samples === 3)).toBe(true);
    const table = renderTable(casesTable('t', results));
    expect(table).toContain('| **sync** |');
    expect(table).toContain('1.00x');
  });

  it('median is the middle value', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('the random benchmark runs', async () => {
    const tables = await randomSuite.run({ quick: true, log: () => {} });
    expect(tables.length).toBe(3);
  });
});

describe('discovery benchmark', () => {
  it('runs in quick mode', async () => {
    const { default: suite } = await import('./discovery.bench.js');
    const tables = await suite.run({ quick: true, log: () => {} });
    expect(tables.map((table) => table.title)).toHaveLength(4);
  }, 60_000);
});
