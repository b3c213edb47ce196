// The simulator benchmark (bench/sim.bench.ts) runs end to end in quick mode; figures are not asserted.
import { expect, it } from 'vitest';
import suite from '../../bench/sim.bench.js';

it('the sim benchmark runs', async () => {
  const tables = await suite.run({ quick: true, log: () => {} });
  expect(tables.map((table) => table.title)).toEqual([
    'simulated events per second of wall time (one core, history off, no trace)',
    'peak retained heap during a run (MB above the baseline, after full GC)',
    'agenda: pop the earliest event and schedule one (512 pending)',
  ]);
  expect(tables[0]?.rows).toHaveLength(9);
  expect(tables[0]?.rows.map((row) => row[0])).toContain('multi-leader, 3 regions, LWW on an HLC (clients think 1 ms)');
  // A row that names faults injects them (the faults column).
  for (const row of tables[0]?.rows ?? []) if (String(row[0]).includes('partitions + crashes')) expect(Number(String(row[3]).replace(/,/g, '')), String(row[0])).toBeGreaterThan(0);
  expect(tables[0]?.rows.map((row) => row[0])).toContain('raft, 3 nodes, ReadIndex reads (clients think 1 ms)');
});
