// The resilience benchmark runs end to end in quick mode (nothing written); figures are not asserted.
import { expect, it } from 'vitest';
import suite from './resilience.bench.js';

it('the resilience benchmark runs every table', async () => {
  const tables = await suite.run({ quick: true, log: () => {} });
  expect(tables.map((table) => table.title)).toHaveLength(9);
  const leak = tables.at(-1);
  expect(leak?.rows.at(-1)?.[2]).toBe('0'); // no active handle left behind
}, 120_000);
