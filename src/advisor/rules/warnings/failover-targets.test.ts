import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.failover-targets-missed';

describe(id, () => {
  it('flags an RTO below what failover takes, and an RPO a stated asynchronous setup cannot meet', () => {
    expect(warningsOf(specOf({ entities: [{ money: true, rtoMs: 5000 }] }), id)[0]?.message).toContain('RTO ≤ 5000 ms');
    expect(warningsOf(specOf({ entities: [{ rpoMs: 100, replication: { kind: 'leader-follower', mode: 'asynchronous' } }] }), id)[0]?.message).toContain('RPO ≤ 100 ms');
  });
  it('is silent when the design meets the targets', () => {
    expect(warningsOf(specOf({ entities: [{ money: true, rpoMs: 0, rtoMs: 60_000 }] }), id)).toEqual([]);
  });
  it('checks the region-loss RPO separately from the node-loss RPO', () => {
    // Synchronous inside one region: a node loss loses nothing, a region loss loses the asynchronous tail.
    const spec = specOf({ system: { regions: ['us-east-1', 'eu-west-1'] }, entities: [{ name: 'ledger', money: true, rpoMs: 0, rpoRegionLossMs: 0, latency: { writeP99Ms: 20 } }] });
    const messages = warningsOf(spec, id).map((warning) => warning.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('RPO ≤ 0 ms when a region is lost');
    expect(messages[0]).toContain('unbounded under load');
    const crossRegion = specOf({ system: { regions: ['us-east-1', 'eu-west-1'] }, entities: [{ money: true, rpoRegionLossMs: 0 }] });
    expect(warningsOf(crossRegion, id)).toEqual([]);
  });
});

