// The checker benchmark runs end to end in quick mode (nothing written, figures not asserted).
import { describe, expect, it } from 'vitest';
import suite from './check.bench.js';

describe('check benchmark', () => {
  it('runs and reports every history with its verdict', async () => {
    const tables = await suite.run({ quick: true, log: () => {} });
    // the unique-value section needs no corpus: quick mode checks 1,000 operations both ways
    const unique = tables.find((table) => table.title.startsWith('unique-value histories'));
    expect(unique?.rows.map((row) => [row[0], row[1]])).toEqual([['1,000', 'holds']]);
    expect(unique?.rows[0]?.[3]).toMatch(/holds|undecided/);
    if (tables.length === 1) return; // corpus absent: the suite logged a skip
    // quick mode: etcd_002, etcd_007, kv c01 unsplit
    expect(tables[0]?.rows.map((row) => row[1])).toEqual(['holds', 'holds', '1 holds, 1 violated']);
    expect(tables[0]?.rows[0]?.[8]).toMatch(/^\d+\.\dx (faster|slower)$/);
  }, 60_000);
});
