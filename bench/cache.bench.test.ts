// The cache benchmark runs end to end (quick mode, nothing written); figures are not asserted.
import { expect, it } from 'vitest';
import cacheSuite from './cache.bench.js';

it('the cache benchmark runs and W-TinyLFU tables render', async () => {
  const tables = await cacheSuite.run({ quick: true, log: () => {} });
  expect(tables.map((table) => table.title)).toContain('L1 hot get (1,024 keys, all present)');
  expect(tables.at(-1)?.rows.length).toBe(8);
}, 120_000);
