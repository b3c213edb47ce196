import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { eventualConsistencyDefault } from './eventual-default.js';

describe('consistency.eventual-default', () => {
  it('chooses eventual, explains it, and rejects the five other models', () => {
    const draft = eventualConsistencyDefault.decide(contextOf({}));
    expect(draft?.choice).toBe('eventual');
    expect(draft?.why.length).toBeGreaterThan(20);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).toHaveLength(5);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).not.toContain('eventual');
    expect(draft?.alternatives.map((alternative) => alternative.whyRejected).join(' ')).toContain('nothing in the requirements needs recency');
    expect(eventualConsistencyDefault.sources.length).toBeGreaterThan(0);
  });
});
