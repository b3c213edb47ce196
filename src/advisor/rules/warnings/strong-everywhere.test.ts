import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

describe('warning.strong-consistency-everywhere', () => {
  it('flags a strong model stated without a requirement that needs it', () => {
    const found = warningsOf(specOf({ entities: [{ name: 'profile', consistency: 'linearizable' }] }), 'warning.strong-consistency-everywhere');
    expect(found[0]?.subject).toBe('entities.profile');
  });
  it('flags a system where every one of three or more entities is strong and one of them does not need it', () => {
    const found = warningsOf(specOf({ entities: [{ money: true }, { noDoubleBooking: true }, { name: 'profile', consistency: 'sequential' }] }), 'warning.strong-consistency-everywhere');
    expect(found.map((warning) => warning.subject)).toEqual(['entities.profile', 'entities']);
  });
  it('is silent when every entity genuinely needs strong consistency (money, exclusive claims, no staleness)', () => {
    expect(warningsOf(specOf({ entities: [{ money: true }, { noDoubleBooking: true }, { staleness: 'none' }] }), 'warning.strong-consistency-everywhere')).toEqual([]);
  });
  it('is silent when strength is justified and mixed', () => {
    expect(warningsOf(specOf({ entities: [{ money: true, consistency: 'linearizable' }, {}, {}] }), 'warning.strong-consistency-everywhere')).toEqual([]);
  });
});
