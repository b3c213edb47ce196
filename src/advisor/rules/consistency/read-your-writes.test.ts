import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { readYourWritesConsistency } from './read-your-writes.js';

describe('consistency.read-your-writes', () => {
  it('chooses read-your-writes, explains it, and rejects the five other models', () => {
    const draft = readYourWritesConsistency.decide(contextOf({ readYourWrites: true }));
    expect(draft?.choice).toBe('read-your-writes');
    expect(draft?.why.length).toBeGreaterThan(20);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).toHaveLength(5);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).not.toContain('read-your-writes');
    expect(draft?.alternatives.map((alternative) => alternative.whyRejected).join(' ')).toContain('own update could vanish');
    expect(readYourWritesConsistency.sources.length).toBeGreaterThan(0);
  });

  it('does not apply without its requirement', () => {
    expect(readYourWritesConsistency.decide(contextOf({}))).toBeUndefined();
  });
});
