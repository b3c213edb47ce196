// The lab benchmark runs end to end in quick mode (one 1,000-operation report; figures not asserted).
import { describe, expect, it } from 'vitest';
import { chromiumExecutable } from '../src/testing/browser.js';
import suite from './lab.bench.js';

describe('lab benchmark', () => {
  it('writes a check report, loads it in chromium and times the CLI', async () => {
    const tables = await suite.run({ quick: true, log: () => {} });
    const browser = tables.find((table) => table.title.startsWith('Check reports in headless Chromium'));
    if (chromiumExecutable() === undefined) expect(browser).toBeUndefined();
    else {
      expect(browser?.rows.map((row) => [row[0], row[1]])).toEqual([['1,000', 'holds']]);
      expect(browser?.rows[0]?.[5]).toMatch(/^\*\*[\d,.]+ ms\*\*$/);
    }
  }, 120_000);
});
