import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { conflictsOf } from '../../testing/review.js';

const id = 'conflict.stale-reads-on-money-or-claims';

describe(id, () => {
  it('reports money or claims with any staleness, naming both requirements', () => {
    expect(conflictsOf(specOf({ entities: [{ money: true, staleness: 'any' }] }), id)[0]?.requirements).toEqual(['money: true', 'staleness: any']);
    expect(conflictsOf(specOf({ entities: [{ noDoubleBooking: true, staleness: 'any' }] }), id)[0]?.requirements).toEqual(['noDoubleBooking: true', 'staleness: any']);
  });
  it('is silent for bounded staleness or non-money data', () => {
    expect(conflictsOf(specOf({ entities: [{ money: true, staleness: { maxMs: 100 } }, { staleness: 'any' }] }), id)).toEqual([]);
  });
});
