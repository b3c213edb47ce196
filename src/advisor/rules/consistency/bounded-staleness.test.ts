import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { boundedStalenessConsistency } from './bounded-staleness.js';

describe('consistency.bounded-staleness', () => {
  it('chooses bounded-staleness, explains it, and rejects the five other models', () => {
    const draft = boundedStalenessConsistency.decide(contextOf({ staleness: { maxMs: 500 } }));
    expect(draft?.choice).toBe('bounded-staleness');
    expect(draft?.why.length).toBeGreaterThan(20);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).toHaveLength(5);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).not.toContain('bounded-staleness');
    expect(draft?.alternatives.map((alternative) => alternative.whyRejected).join(' ')).toContain('gives no bound at all');
    expect(boundedStalenessConsistency.sources.length).toBeGreaterThan(0);
  });

  it('does not apply without its requirement', () => {
    expect(boundedStalenessConsistency.decide(contextOf({}))).toBeUndefined();
  });
});

describe('consistency.bounded-staleness with versions', () => {
  it('describes a version bound in versions', () => {
    expect(boundedStalenessConsistency.decide(contextOf({ staleness: { maxVersions: 3 } }))?.summary).toContain('3 versions');
  });
});
