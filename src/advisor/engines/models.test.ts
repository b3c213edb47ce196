import { describe, expect, it } from 'vitest';
import { consistencyModels, formatDurationMs, isStrong, requestedCopies, satisfies } from './models.js';

describe('the order of consistency models', () => {
  it('is a partial order with linearizable on top and eventual at the bottom', () => {
    for (const a of consistencyModels) {
      expect(satisfies(a, a)).toBe(true);
      expect(satisfies('linearizable', a)).toBe(true);
      expect(satisfies(a, 'eventual')).toBe(true);
      for (const b of consistencyModels) {
        if (a !== b && satisfies(a, b)) expect(satisfies(b, a), `${a} and ${b} both imply each other`).toBe(false);
        for (const c of consistencyModels) if (satisfies(a, b) && satisfies(b, c)) expect(satisfies(a, c), `${a} ⇒ ${b} ⇒ ${c}`).toBe(true);
      }
    }
  });

  it('keeps staleness and session guarantees apart', () => {
    expect(satisfies('causal', 'read-your-writes')).toBe(true);
    expect(satisfies('sequential', 'causal')).toBe(true);
    expect(satisfies('causal', 'bounded-staleness')).toBe(false);
    expect(satisfies('sequential', 'bounded-staleness')).toBe(false);
    expect(satisfies('bounded-staleness', 'read-your-writes')).toBe(false);
    expect(satisfies('eventual', 'read-your-writes')).toBe(false);
  });

  it('names strong models, copies and durations', () => {
    expect(consistencyModels.filter(isStrong)).toEqual(['linearizable', 'sequential']);
    expect(requestedCopies({ kind: 'leaderless', n: 5, w: 3, r: 3, readRepair: false, writeBackOnRead: false, sloppyQuorum: false })).toBe(5);
    expect(requestedCopies({ kind: 'multi-leader', conflictResolution: 'crdt' })).toBe(3);
    expect([250, 5_000, 90_000, 7_200_000].map(formatDurationMs)).toEqual(['250 ms', '5 s', '1.5 min', '2 h']);
  });
});
