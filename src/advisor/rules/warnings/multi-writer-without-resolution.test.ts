import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const regions = { regions: ['us-east-1', 'eu-west-1'] };

describe('warning.multi-writer-without-conflict-resolution', () => {
  it('flags multi-region writes with no conflict policy, and a stated multi-leader with none', () => {
    expect(warningsOf(specOf({ system: regions, entities: [{ writes: 'multi-region' }] }), 'warning.multi-writer-without-conflict-resolution')).toHaveLength(1);
    expect(warningsOf(specOf({ entities: [{ replication: { kind: 'multi-leader', conflictResolution: 'none' } }] }), 'warning.multi-writer-without-conflict-resolution')).toHaveLength(1);
  });
  it('is silent with a policy', () => {
    expect(warningsOf(specOf({ system: regions, entities: [{ writes: 'multi-region', conflicts: 'merge' }] }), 'warning.multi-writer-without-conflict-resolution')).toEqual([]);
  });
  it('is silent where the resolution is implied: no double booking (reject), a merge kind, write-once data', () => {
    const id = 'warning.multi-writer-without-conflict-resolution';
    expect(warningsOf(specOf({ system: regions, entities: [{ writes: 'multi-region', noDoubleBooking: true }] }), id)).toEqual([]);
    expect(warningsOf(specOf({ system: regions, entities: [{ writes: 'multi-region', merge: 'counter' }] }), id)).toEqual([]);
    expect(warningsOf(specOf({ system: regions, entities: [{ writes: 'multi-region', mutability: 'append-only' }] }), id)).toEqual([]);
  });
});

