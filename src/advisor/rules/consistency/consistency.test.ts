import { describe, expect, it } from 'vitest';
import { decideFirst } from '../../rule.js';
import { contextOf } from '../../testing/builders.js';
import { boundedStalenessConsistency } from './bounded-staleness.js';
import { causalityConsistency } from './causality.js';
import { eventualConsistencyDefault } from './eventual-default.js';
import { givenConsistency } from './given.js';
import { consistencyRules } from './index.js';
import { moneyConsistency } from './money.js';
import { noDoubleBookingConsistency } from './no-double-booking.js';
import { noStalenessConsistency } from './no-staleness.js';
import { readYourWritesConsistency } from './read-your-writes.js';

// Each rule: applies exactly when its requirement is present, and says so with alternatives.
const cases = [
  { rule: givenConsistency, applies: { consistency: 'sequential' as const }, choice: 'sequential' },
  { rule: moneyConsistency, applies: { money: true }, choice: 'linearizable' },
  { rule: noDoubleBookingConsistency, applies: { noDoubleBooking: true }, choice: 'linearizable' },
  { rule: noStalenessConsistency, applies: { staleness: 'none' as const }, choice: 'linearizable' },
  { rule: causalityConsistency, applies: { causality: true }, choice: 'causal' },
  { rule: boundedStalenessConsistency, applies: { staleness: { maxMs: 500 } }, choice: 'bounded-staleness' },
  { rule: readYourWritesConsistency, applies: { readYourWrites: true }, choice: 'read-your-writes' },
  { rule: eventualConsistencyDefault, applies: {}, choice: 'eventual' },
];

describe('consistency rules', () => {
  for (const { rule, applies, choice } of cases) {
    it(`${rule.id} chooses ${choice} when its requirement is present`, () => {
      const draft = rule.decide(contextOf(applies));
      expect(draft?.choice).toBe(choice);
      expect(draft?.why.length).toBeGreaterThan(20);
      expect(draft?.alternatives.map((alternative) => alternative.choice)).not.toContain(choice);
      expect(draft?.alternatives.length).toBe(5);
      expect(rule.sources.length).toBeGreaterThan(0);
      if (rule !== eventualConsistencyDefault) expect(rule.decide(contextOf({}))).toBeUndefined();
    });
  }

  it('orders the tree: money beats causality beats a staleness bound beats read-your-writes', () => {
    const decide = (entity: Parameters<typeof contextOf>[0]) => decideFirst(consistencyRules, contextOf(entity));
    expect(decide({ money: true, causality: true }).ruleId).toBe('consistency.money');
    expect(decide({ causality: true, staleness: { maxMs: 100 } }).ruleId).toBe('consistency.causality');
    expect(decide({ staleness: { maxVersions: 2 }, readYourWrites: true }).ruleId).toBe('consistency.bounded-staleness');
    expect(decide({ readYourWrites: true }).choice).toBe('read-your-writes');
    expect(decide({ staleness: 'any' }).ruleId).toBe('consistency.eventual-default');
  });

  it('describes a version bound in versions', () => {
    expect(boundedStalenessConsistency.decide(contextOf({ staleness: { maxVersions: 3 } }))?.summary).toContain('3 versions');
  });
});
