import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { noStalenessConsistency } from './no-staleness.js';

describe('consistency.no-staleness', () => {
  it('chooses linearizable, explains it, and rejects the five other models', () => {
    const draft = noStalenessConsistency.decide(contextOf({ staleness: 'none' }));
    expect(draft?.choice).toBe('linearizable');
    expect(draft?.why.length).toBeGreaterThan(20);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).toHaveLength(5);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).not.toContain('linearizable');
    expect(draft?.alternatives.map((alternative) => alternative.whyRejected).join(' ')).toContain('the spec allows no staleness at all');
    expect(noStalenessConsistency.sources.length).toBeGreaterThan(0);
  });

  it('does not apply without its requirement', () => {
    expect(noStalenessConsistency.decide(contextOf({}))).toBeUndefined();
  });
});
