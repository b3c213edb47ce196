import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { conflictsOf } from '../../testing/review.js';

const id = 'conflict.claims-resolved-after-the-fact';
const regions = { regions: ['us-east-1', 'eu-west-1'] };

describe(id, () => {
  it('reports claims merged after the fact, and money resolved by last-writer-wins', () => {
    expect(conflictsOf(specOf({ system: regions, entities: [{ noDoubleBooking: true, writes: 'multi-region', conflicts: 'merge' }] }), id)[0]?.explanation).toContain('cannot un-sell a seat');
    expect(conflictsOf(specOf({ system: regions, entities: [{ money: true, writes: 'multi-region', conflicts: 'last-writer-wins' }] }), id)[0]?.explanation).toContain('silently discards');
  });
  it('is silent for reject, for money merged (a ledger of entries), and for single-region writes', () => {
    expect(conflictsOf(specOf({ system: regions, entities: [{ noDoubleBooking: true, writes: 'multi-region', conflicts: 'reject' }] }), id)).toEqual([]);
    expect(conflictsOf(specOf({ system: regions, entities: [{ money: true, writes: 'multi-region', conflicts: 'merge' }] }), id)).toEqual([]);
    expect(conflictsOf(specOf({ system: regions, entities: [{ noDoubleBooking: true, conflicts: 'merge' }] }), id)).toEqual([]);
  });
});
