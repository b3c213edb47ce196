import { describe, expect, it } from 'vitest';
import { decideFirst } from '../../rule.js';
import { contextOf } from '../../testing/builders.js';
import { eventualConsistencyDefault } from './eventual-default.js';
import { consistencyRules } from './index.js';

describe('the consistency decision tree', () => {
  it('ends with the default, so every entity gets a model', () => {
    expect(consistencyRules.at(-1)).toBe(eventualConsistencyDefault);
  });

  it('orders the tree: a stated model, then money, claims, no staleness, causality, a bound, read-your-writes', () => {
    const decide = (entity: Parameters<typeof contextOf>[0]) => decideFirst(consistencyRules, contextOf(entity));
    expect(decide({ consistency: 'eventual', money: true }).ruleId).toBe('consistency.given');
    expect(decide({ money: true, causality: true }).ruleId).toBe('consistency.money');
    expect(decide({ causality: true, staleness: { maxMs: 100 } }).ruleId).toBe('consistency.causality');
    expect(decide({ staleness: { maxVersions: 2 }, readYourWrites: true }).ruleId).toBe('consistency.bounded-staleness');
    expect(decide({ readYourWrites: true }).choice).toBe('read-your-writes');
    expect(decide({ staleness: 'any' }).ruleId).toBe('consistency.eventual-default');
  });
});
