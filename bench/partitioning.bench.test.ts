// The partitioning benchmark runs end to end in quick mode (figures are not asserted).
import { expect, it } from 'vitest';
import suite from './partitioning.bench.js';

it('the partitioning benchmark runs and compares every contender', async () => {
  const tables = await suite.run({ quick: true, log: () => {} });
  expect(tables.map((table) => table.title)).toEqual(['Lookup, 10 nodes (ns per key)', 'Build, 10 nodes (ns per build)', 'Balance and movement, 10 nodes, 3,000 keys']);
  expect(tables[2]?.rows).toHaveLength(12);
}, 120_000);
