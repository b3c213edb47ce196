import { describe, expect, it } from 'vitest';
import { cassandraSettings, consistencyLevelFor, splitReplicas } from './cassandra.js';
import type { EngineSettings, EngineSettingsRequest } from './types.js';

const request = (overrides: Partial<EngineSettingsRequest> = {}): EngineSettingsRequest => ({
  consistency: 'read-your-writes',
  replication: { kind: 'leaderless', n: 3, w: 2, r: 2, readRepair: true, writeBackOnRead: false, sloppyQuorum: false },
  multiRegionWrites: false,
  regionCount: 1,
  durableAcknowledgedWrites: true,
  ...overrides,
});
const value = (settings: EngineSettings, name: string) => settings.parameters.find((p) => p.name === name)?.value;

describe('consistencyLevelFor', () => {
  it('picks the cheapest level that waits for at least k replicas', () => {
    expect(consistencyLevelFor(1, 3)).toEqual({ name: 'ONE', replicas: 1 });
    expect(consistencyLevelFor(2, 3)).toEqual({ name: 'QUORUM', replicas: 2 });
    expect(consistencyLevelFor(3, 3)).toEqual({ name: 'THREE', replicas: 3 });
    expect(consistencyLevelFor(3, 5)).toEqual({ name: 'QUORUM', replicas: 3 });
    expect(consistencyLevelFor(4, 5)).toEqual({ name: 'ALL', replicas: 5 });
    expect(consistencyLevelFor(2, 5)).toEqual({ name: 'TWO', replicas: 2 });
    expect(consistencyLevelFor(2, 3, true)).toEqual({ name: 'LOCAL_QUORUM', replicas: 2 });
    expect(consistencyLevelFor(1, 3, true)).toEqual({ name: 'LOCAL_ONE', replicas: 1 });
    for (let rf = 1; rf <= 9; rf += 1) for (let k = 1; k <= rf; k += 1) expect(consistencyLevelFor(k, rf).replicas).toBeGreaterThanOrEqual(k);
  });
});

describe('cassandraSettings', () => {
  it('read-your-writes: QUORUM writes and reads overlap, blocking read repair, LWW caveat', () => {
    const settings = cassandraSettings(request());
    expect(value(settings, 'write consistency level')).toBe('QUORUM');
    expect(value(settings, 'read consistency level')).toBe('QUORUM');
    expect(value(settings, 'read_repair')).toBe("'BLOCKING'");
    expect(settings.delivers).toBe('read-your-writes');
    expect(settings.meetsRequest).toBe(true);
    expect(settings.caveats.join('\n')).toMatch(/last-write-wins/);
    expect(settings.caveats.join('\n')).toMatch(/Hinted handoff does not count/);
  });

  it('raises R when the requested W and R do not overlap', () => {
    const settings = cassandraSettings(request({ replication: { kind: 'leaderless', n: 5, w: 2, r: 2, readRepair: true, writeBackOnRead: false, sloppyQuorum: false } }));
    expect(value(settings, 'write consistency level')).toBe('TWO');
    expect(value(settings, 'read consistency level')).toBe('ALL'); // 4 of 5 needed, no FOUR level
    expect(settings.caveats.join('\n')).toMatch(/do not overlap/);
  });

  it('multi-DC: a replication factor per data center that sums to the design\'s copies (5 in 3 DCs is 2 + 2 + 1, not 15), quorums over all of them', () => {
    const settings = cassandraSettings(request({ replication: { kind: 'leaderless', n: 5, w: 3, r: 3, readRepair: true, writeBackOnRead: false, sloppyQuorum: false }, regionCount: 3, regions: ['us-east-1', 'us-west-2', 'eu-west-1'] }));
    expect(value(settings, 'replication')).toBe("{ 'class': 'NetworkTopologyStrategy', 'us-east-1': 2, 'us-west-2': 2, 'eu-west-1': 1 }");
    expect(value(settings, 'write consistency level')).toBe('QUORUM');
    expect(settings.commitCrossRegionRoundTrips).toBe(1);
    expect(settings.caveats.join('\n')).toMatch(/LOCAL_QUORUM would be faster but overlaps only inside one data center/);
    expect(splitReplicas(5, 3)).toEqual([2, 2, 1]);
    expect(splitReplicas(3, 1)).toEqual([3]);
  });

  it('residency: one keyspace per jurisdiction naming only its data centers', () => {
    const settings = cassandraSettings(request({ regionCount: 2, regions: ['eu-central-1', 'eu-west-1'], placements: [{ jurisdiction: 'EU', regions: ['eu-central-1', 'eu-west-1'] }, { jurisdiction: 'US', regions: ['us-east-1'] }] }));
    const residency = value(settings, 'residency') ?? '';
    expect(residency).toContain("EU → { 'class': 'NetworkTopologyStrategy', 'eu-central-1': 2, 'eu-west-1': 1 }");
    expect(residency).toContain("US → { 'class': 'NetworkTopologyStrategy', 'us-east-1': 3 }");
    expect(value(settings, 'replication')).not.toContain('us-east-1');
  });

  it('linearizable: lightweight transactions with SERIAL, and the mixing caveat', () => {
    const settings = cassandraSettings(request({ consistency: 'linearizable', regionCount: 3 }));
    expect(value(settings, 'serial consistency level')).toBe('SERIAL');
    expect(value(settings, 'read consistency level')).toBe('SERIAL');
    expect(value(settings, 'writes')).toMatch(/IF NOT EXISTS/);
    expect(settings.delivers).toBe('linearizable');
    expect(settings.caveats.join('\n')).toMatch(/non-conditional/);
    expect(settings.parameters.find((p) => p.name === 'serial consistency level')?.why).toMatch(/LOCAL_SERIAL/);
  });

  it('causal is not met: no causal order across partitions', () => {
    const settings = cassandraSettings(request({ consistency: 'causal' }));
    expect(settings.meetsRequest).toBe(false);
  });

  it('eventual: ONE / LOCAL_ONE reads and no staleness bound', () => {
    const settings = cassandraSettings(request({ consistency: 'eventual', durableAcknowledgedWrites: false }));
    expect(value(settings, 'read consistency level')).toBe('ONE');
    expect(value(settings, 'write consistency level')).toBe('ONE');
    expect(settings.caveats.join('\n')).toMatch(/No staleness bound/);
    expect(value(cassandraSettings(request({ consistency: 'eventual', regionCount: 2 })), 'read consistency level')).toBe('LOCAL_ONE');
    const sloppy = cassandraSettings(request({ consistency: 'eventual', replication: { kind: 'leaderless', n: 3, w: 1, r: 1, readRepair: false, writeBackOnRead: false, sloppyQuorum: true } }));
    expect(sloppy.caveats.join('\n')).toMatch(/consistency level ANY/);
  });

  it('bounded staleness: overlapping quorums over all copies, across data centers too', () => {
    const single = cassandraSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 1_000 }));
    expect(value(single, 'read consistency level')).toBe('QUORUM');
    expect(single.delivers).toBe('bounded-staleness');
    expect(single.meetsRequest).toBe(true);
    const multi = cassandraSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 1_000, regionCount: 3 }));
    expect(value(multi, 'write consistency level')).toBe('QUORUM');
    expect(value(multi, 'read consistency level')).toBe('QUORUM');
  });
});
