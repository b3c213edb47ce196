// The world benchmark runs end to end in quick mode (nothing written, figures not asserted).
import { describe, expect, it } from 'vitest';
import suite from './world.bench.js';

describe('world benchmark', () => {
  it('measures steps/s, seeds/minute on 1 and 2 threads (identical reports), and the time to each bug', async () => {
    const tables = await suite.run({ quick: true, log: () => {} });
    expect(tables.map((table) => table.rows.length)).toEqual([1, 2, 3]);
    expect(tables[2]?.rows.map((row) => row[1])).toEqual(['1/1', '1/1', '1/1']);
  }, 120_000);
});
