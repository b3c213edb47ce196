import { describe, expect, it } from 'vitest';
import { callOf, specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.budget-below-callee-p99';

describe(id, () => {
  it('flags a budget below the callee p99', () => {
    expect(warningsOf(specOf({ calls: [callOf({ latency: { p99Ms: 300 }, budgetMs: 200 })] }), id)).toHaveLength(1);
  });
  it('is silent when the budget covers the p99', () => {
    expect(warningsOf(specOf({ calls: [callOf({ latency: { p99Ms: 300 }, budgetMs: 300 }), callOf()] }), id)).toEqual([]);
  });
});
