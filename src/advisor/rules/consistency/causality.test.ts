import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { causalityConsistency } from './causality.js';

describe('consistency.causality', () => {
  it('chooses causal, explains it, and rejects the five other models', () => {
    const draft = causalityConsistency.decide(contextOf({ causality: true }));
    expect(draft?.choice).toBe('causal');
    expect(draft?.why.length).toBeGreaterThan(20);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).toHaveLength(5);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).not.toContain('causal');
    expect(draft?.alternatives.map((alternative) => alternative.whyRejected).join(' ')).toContain('replies can show up before their question');
    expect(causalityConsistency.sources.length).toBeGreaterThan(0);
  });

  it('does not apply without its requirement', () => {
    expect(causalityConsistency.decide(contextOf({}))).toBeUndefined();
  });
});
