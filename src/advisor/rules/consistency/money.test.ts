import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { moneyConsistency } from './money.js';

describe('consistency.money', () => {
  it('chooses linearizable, explains it, and rejects the five other models', () => {
    const draft = moneyConsistency.decide(contextOf({ money: true }));
    expect(draft?.choice).toBe('linearizable');
    expect(draft?.why.length).toBeGreaterThan(20);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).toHaveLength(5);
    expect(draft?.alternatives.map((alternative) => alternative.choice)).not.toContain('linearizable');
    expect(draft?.alternatives.map((alternative) => alternative.whyRejected).join(' ')).toContain('stale balances allow double spending');
    expect(moneyConsistency.sources.length).toBeGreaterThan(0);
  });

  it('does not apply without its requirement', () => {
    expect(moneyConsistency.decide(contextOf({}))).toBeUndefined();
  });
});
