import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { givenConsistency } from './given.js';

describe('consistency.given', () => {
  it('chooses sequential, explains it, and rejects the five other models', () => {
    const draft = givenConsistency.decide(contextOf({ consistency: 'sequential' }));
    expect(draft?.choice).toBe('sequential');
    expect(draft?.why.length).toBeGreaterThan(20);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).toHaveLength(5);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).not.toContain('sequential');
    expect(draft?.alternatives.map((alternative) => alternative.whyRejected).join(' ')).toContain('the spec requires another model');
    expect(givenConsistency.sources.length).toBeGreaterThan(0);
  });

  it('does not apply without its requirement', () => {
    expect(givenConsistency.decide(contextOf({}))).toBeUndefined();
  });
});
