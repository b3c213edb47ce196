import { describe, expect, it } from 'vitest';
import { cassandraSettings, consistencyLevelFor } from './cassandra.js';
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

  it('multi-DC: LOCAL_QUORUM per data center and the cross-region caveat (EACH_QUORUM)', () => {
    const settings = cassandraSettings(request({ regionCount: 2 }));
    expect(value(settings, 'write consistency level')).toBe('LOCAL_QUORUM');
    expect(value(settings, 'replication')).toContain("'dc2': 3");
    expect(settings.caveats.join('\n')).toMatch(/EACH_QUORUM/);
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

  it('bounded staleness: overlapping quorums, EACH_QUORUM writes across data centers', () => {
    const single = cassandraSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 1_000 }));
    expect(value(single, 'read consistency level')).toBe('QUORUM');
    expect(single.delivers).toBe('bounded-staleness');
    expect(single.meetsRequest).toBe(true);
    const multi = cassandraSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 1_000, regionCount: 3 }));
    expect(value(multi, 'write consistency level')).toBe('EACH_QUORUM');
    expect(value(multi, 'read consistency level')).toBe('LOCAL_QUORUM');
  });
});
