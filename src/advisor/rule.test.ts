import { describe, expect, it } from 'vitest';
import { AssertionError } from '../errors.js';
import { decideFirst, type DecisionRule } from './rule.js';
import type { Citation } from './sources.js';

const rule = (id: string, applies: (input: number) => boolean): DecisionRule<number, string> => ({
  id,
  title: id,
  sources: [{ title: `source of ${id}`, detail: id } satisfies Citation],
  decide: (input) => (applies(input) ? { choice: id, summary: id, why: 'because', tradeOff: 'costs', alternatives: [] } : undefined),
});

describe('decideFirst', () => {
  it('returns the first rule that applies, stamped with its id and sources', () => {
    const rules = [rule('small', (n) => n < 10), rule('any', () => true)];
    expect(decideFirst(rules, 3)).toMatchObject({ choice: 'small', ruleId: 'small', sources: [{ detail: 'small' }] });
    expect(decideFirst(rules, 30).ruleId).toBe('any');
  });

  it('asserts when no rule applies: every tree must end with a default', () => {
    expect(() => decideFirst([rule('never', () => false)], 1)).toThrow(AssertionError);
  });
});
