import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from './history.js';
import { pairOperations } from './operation.js';
import { partialLinearizations } from './partial-linearizations.js';

// Two overlapping writes, then two sequential reads that see 1 and then 2: once both writes have
// returned the value cannot change, so the second read cannot be linearized anywhere.
const events: HistoryEvent[] = [
  { process: 0, type: 'invoke', f: 'write', key: 'x', value: 1, time: 0 },
  { process: 1, type: 'invoke', f: 'write', key: 'x', value: 2, time: 1 },
  { process: 0, type: 'ok', f: 'write', key: 'x', value: 1, time: 2 },
  { process: 1, type: 'ok', f: 'write', key: 'x', value: 2, time: 3 },
  { process: 2, type: 'invoke', f: 'read', key: 'x', value: null, time: 4 },
  { process: 2, type: 'ok', f: 'read', key: 'x', value: 1, time: 5 },
  { process: 2, type: 'invoke', f: 'read', key: 'x', value: null, time: 6 },
  { process: 2, type: 'ok', f: 'read', key: 'x', value: 2, time: 7 },
  // another key, which must not take part
  { process: 3, type: 'invoke', f: 'write', key: 'y', value: 9, time: 0 },
  { process: 3, type: 'ok', f: 'write', key: 'y', value: 9, time: 1 },
];

describe('partialLinearizations', () => {
  it('finds the longest partial linearization containing each operation, with the state after each step', () => {
    const report = partialLinearizations(pairOperations(events), { model: 'register', key: 'x' });
    expect(report.key).toBe('x');
    expect(report.searchedOperations).toBe(4);
    expect(report.exhausted).toBeUndefined();
    // write 2, write 1, read 1: the longest; the read of 2 fits in none
    expect(report.partials[0]).toEqual({ operations: [1, 0, 2], states: [2, 1, 1] });
    expect(report.longestContaining).toEqual({ 0: 0, 1: 0, 2: 0 });
    for (const partial of report.partials) expect(partial.operations).not.toContain(3);
  });

  it('reports a search cut short by its step budget', () => {
    const report = partialLinearizations(pairOperations(events), { model: 'register', key: 'x', maxSteps: 1 });
    expect(report.exhausted).toBe('steps');
  });

  it('explains the whole history when no key is given, and refuses a budget that is not positive', () => {
    const whole = partialLinearizations(pairOperations(events.slice(0, 8).map(({ key: _key, ...event }) => event)), { model: 'register' });
    expect(whole.partials[0]?.operations).toEqual([1, 0, 2]);
    expect(() => partialLinearizations([], { model: 'register', maxSteps: 0 })).toThrow(/maxSteps must be a number > 0, received 0/);
  });
});
