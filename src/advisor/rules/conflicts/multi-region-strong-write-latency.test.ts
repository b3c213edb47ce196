import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { conflictsOf } from '../../testing/review.js';

const id = 'conflict.write-slo-below-cross-region-round-trip';
const oceans = { regions: ['us-east-1', 'eu-west-1'] };

describe(id, () => {
  it('reports linearizable multi-region writes with a write SLO below one round trip, with the physics', () => {
    const found = conflictsOf(specOf({ system: oceans, entities: [{ money: true, writes: 'multi-region', latency: { writeP99Ms: 10 } }] }), id);
    expect(found[0]?.explanation).toContain('70 ms');
    expect(found[0]?.explanation).toContain('typical figure, from the per-pair cloud table');
    expect(found[0]?.explanation).toContain('across an ocean');
    expect(found[0]?.requirements).toContain('consistency: linearizable (derived)');
  });
  it('also when conflicts must be rejected, with measured latency', () => {
    const found = conflictsOf(
      specOf({ system: { ...oceans, latency: [{ between: ['us-east-1', 'eu-west-1'], rttMs: 70 }] }, entities: [{ writes: 'multi-region', conflicts: 'reject', latency: { writeP99Ms: 50 } }] }),
      id,
    );
    expect(found[0]?.explanation).toContain('70 ms with the ordering point');
    expect(found[0]?.explanation).not.toContain('typical figure, from the per-pair cloud table');
  });
  it('is silent when the SLO allows the round trip, writes are local, or conflicts are merged', () => {
    expect(conflictsOf(specOf({ system: oceans, entities: [{ money: true, writes: 'multi-region', latency: { writeP99Ms: 200 } }] }), id)).toEqual([]);
    expect(conflictsOf(specOf({ system: oceans, entities: [{ money: true, latency: { writeP99Ms: 10 } }] }), id)).toEqual([]);
    expect(conflictsOf(specOf({ system: oceans, entities: [{ writes: 'multi-region', conflicts: 'merge', latency: { writeP99Ms: 10 } }] }), id)).toEqual([]);
  });
});
