// The design benchmark runs end to end in quick mode (nothing written); figures are not asserted.
import { describe, expect, it } from 'vitest';
import suite, { largestExample } from './design.bench.js';

describe('design benchmark', () => {
  it('picks the largest example and runs', async () => {
    expect(largestExample()).toMatch(/\.yaml$/);
    const tables = await suite.run({ quick: true, log: () => {} });
    expect(tables.at(-1)?.rows).toHaveLength(3);
  });
});
