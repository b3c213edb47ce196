// The saga benchmark runs end to end in quick mode (nothing written); figures are not asserted.
import { expect, it } from 'vitest';
import suite from './saga.bench.js';

it('the saga benchmark runs both tables', async () => {
  const tables = await suite.run({ quick: true, log: () => {} });
  expect(tables.map((table) => table.title)).toHaveLength(2);
  expect(tables[0]?.rows.length).toBe(6);
}, 120_000);
