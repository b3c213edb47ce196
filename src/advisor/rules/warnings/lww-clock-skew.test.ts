import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.lww-under-clock-skew';
const regions = ['us-east-1', 'eu-west-1'];

describe(id, () => {
  it('flags last-writer-wins on drifting clocks, quoting the skew', () => {
    const found = warningsOf(specOf({ system: { regions, clocks: { source: 'ntp', maxSkewMs: 250 } }, entities: [{ writes: 'multi-region', conflicts: 'last-writer-wins' }] }), id);
    expect(found[0]?.message).toContain('drift by up to 250 ms');
    expect(found[0]?.fix).toContain('hybrid logical clocks');
  });
  it('is silent with TrueTime-style bounded clocks, or another resolution', () => {
    expect(warningsOf(specOf({ system: { regions, clocks: { source: 'truetime' } }, entities: [{ writes: 'multi-region', conflicts: 'last-writer-wins' }] }), id)).toEqual([]);
    expect(warningsOf(specOf({ system: { regions }, entities: [{ writes: 'multi-region', conflicts: 'merge' }] }), id)).toEqual([]);
  });
  it('is silent for write-once data (append-only readings, immutable events): no later write can lose', () => {
    for (const mutability of ['append-only', 'immutable'] as const) {
      expect(warningsOf(specOf({ system: { regions }, entities: [{ writes: 'multi-region', conflicts: 'last-writer-wins', mutability }] }), id)).toEqual([]);
    }
  });
});

