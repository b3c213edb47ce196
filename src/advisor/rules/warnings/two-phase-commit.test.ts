import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

describe('warning.two-phase-commit', () => {
  const steps = [{ name: 'a', service: 'orders' }, { name: 'b', service: 'payments' }];
  it('flags 2PC across services', () => {
    const found = warningsOf(specOf({ workflows: [{ name: 'pay', steps, coordination: 'two-phase-commit' }] }), 'warning.two-phase-commit');
    expect(found[0]?.subject).toBe('workflows.pay');
  });
  it('is silent for sagas and for 2PC inside one service', () => {
    expect(warningsOf(specOf({ workflows: [{ name: 'pay', steps, coordination: 'saga' }] }), 'warning.two-phase-commit')).toEqual([]);
    expect(warningsOf(specOf({ workflows: [{ name: 'pay', steps: steps.map((step) => ({ ...step, service: 'one' })), coordination: 'two-phase-commit' }] }), 'warning.two-phase-commit')).toEqual([]);
  });
});
