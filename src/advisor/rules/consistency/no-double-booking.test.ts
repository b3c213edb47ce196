import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { noDoubleBookingConsistency } from './no-double-booking.js';

describe('consistency.no-double-booking', () => {
  it('chooses linearizable, explains it, and rejects the five other models', () => {
    const draft = noDoubleBookingConsistency.decide(contextOf({ noDoubleBooking: true }));
    expect(draft?.choice).toBe('linearizable');
    expect(draft?.why.length).toBeGreaterThan(20);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).toHaveLength(5);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).not.toContain('linearizable');
    expect(draft?.alternatives.map((alternative) => alternative.whyRejected).join(' ')).toContain('two replicas can both accept a claim');
    expect(noDoubleBookingConsistency.sources.length).toBeGreaterThan(0);
  });

  it('does not apply without its requirement', () => {
    expect(noDoubleBookingConsistency.decide(contextOf({}))).toBeUndefined();
  });
});
