// The sweep benchmark runs end to end in quick mode (nothing written, figures not asserted).
import { describe, expect, it } from 'vitest';
import suite from './sweep.bench.js';

describe('sweep benchmark', () => {
  it('runs 1 job and 2 jobs, checks their reports are identical, and reports the speed-up', async () => {
    const tables = await suite.run({ quick: true, log: () => {} });
    expect(tables[0]?.rows.map((row) => row[0])).toEqual(['1', '2']);
    expect(tables[0]?.rows[1]?.[5]).toMatch(/^\d+\.\d\dx$/);
  }, 60_000);
});
