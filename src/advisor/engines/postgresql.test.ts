import { describe, expect, it } from 'vitest';
import { postgresqlSettings } from './postgresql.js';
import type { EngineSettings, EngineSettingsRequest } from './types.js';

const request = (overrides: Partial<EngineSettingsRequest> = {}): EngineSettingsRequest => ({
  consistency: 'linearizable',
  replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
  multiRegionWrites: false,
  regionCount: 1,
  durableAcknowledgedWrites: true,
  ...overrides,
});
const value = (settings: EngineSettings, name: string) => settings.parameters.find((p) => p.name === name)?.value;

describe('postgresqlSettings', () => {
  it('linearizable + synchronous: quorum commit to ANY k standbys, reads on the primary, Patroni strict mode', () => {
    const settings = postgresqlSettings(request());
    expect(value(settings, 'synchronous_commit')).toBe('on');
    expect(value(settings, 'synchronous_standby_names')).toBe('ANY 1 (standby1, standby2)');
    expect(value(settings, 'patroni: synchronous_mode_strict')).toBe('true');
    expect(value(settings, 'read routing')).toContain('primary');
    expect(settings.delivers).toBe('linearizable');
    expect(settings.meetsRequest).toBe(true);
    expect(settings.caveats.join('\n')).toMatch(/committed locally/);
    expect(settings.parameters.find((p) => p.name === 'synchronous_standby_names')?.why).toMatch(/FIRST 1/);
  });

  it('honours the number of synchronous acknowledgements requested', () => {
    const settings = postgresqlSettings(request({ replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 5, synchronousAcks: 2, consensusFailover: true } }));
    expect(value(settings, 'synchronous_standby_names')).toBe('ANY 2 (standby1, standby2, standby3, standby4)');
  });

  it('forces at least one synchronous standby when acknowledged writes must survive, even if asynchronous was chosen', () => {
    const settings = postgresqlSettings(request({ consistency: 'eventual', replication: { kind: 'leader-follower', mode: 'asynchronous', replicas: 3, synchronousAcks: 0, consensusFailover: false } }));
    expect(value(settings, 'synchronous_standby_names')).toBe('ANY 1 (standby1, standby2)');
  });

  it('asynchronous eventual: local commit, hot standby reads, a failover-loses-writes caveat', () => {
    const settings = postgresqlSettings(request({ consistency: 'eventual', durableAcknowledgedWrites: false, replication: { kind: 'leader-follower', mode: 'asynchronous', replicas: 3, synchronousAcks: 0, consensusFailover: false } }));
    expect(value(settings, 'synchronous_commit')).toBe('local');
    expect(value(settings, 'hot_standby')).toBe('on');
    expect(settings.caveats.join('\n')).toMatch(/lack the last acknowledged commits/);
    expect(settings.delivers).toBe('eventual');
  });

  it('read-your-writes across regions: remote_apply and LSN-waiting standby reads', () => {
    const settings = postgresqlSettings(request({ consistency: 'read-your-writes', regionCount: 2 }));
    expect(value(settings, 'synchronous_commit')).toBe('remote_apply');
    expect(value(settings, 'read routing')).toMatch(/LSN/);
    expect(settings.delivers).toBe('read-your-writes');
    expect(settings.meetsRequest).toBe(true);
  });

  it('bounded staleness: lag-checked standby reads', () => {
    const settings = postgresqlSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 5_000 }));
    expect(value(settings, 'read routing')).toBe('standby reads only while replay lag ≤ 5 s');
    expect(settings.delivers).toBe('bounded-staleness');
  });

  it('multi-region writes: a gap for strong models, bidirectional logical replication (eventual) for weak ones', () => {
    const strong = postgresqlSettings(request({ multiRegionWrites: true, regionCount: 2 }));
    expect(strong.meetsRequest).toBe(false); // delivers linearizable, but not the writes in several regions
    expect(strong.gaps?.join('\n')).toMatch(/one primary/);
    const weak = postgresqlSettings(request({ consistency: 'eventual', multiRegionWrites: true, regionCount: 2, replication: { kind: 'multi-leader', conflictResolution: 'last-writer-wins' } }));
    expect(value(weak, 'wal_level')).toBe('logical');
    expect(weak.caveats.join('\n')).toMatch(/no conflict resolution/);
    expect(weak.gaps?.join('\n')).toMatch(/last-writer-wins/);
    const linearizableMultiLeader = postgresqlSettings(request({ replication: { kind: 'multi-leader', conflictResolution: 'crdt' } }));
    expect(linearizableMultiLeader.meetsRequest).toBe(false);
    expect(value(linearizableMultiLeader, 'read routing')).toContain('primary');
    expect(linearizableMultiLeader.gaps?.join('\n')).toMatch(/one primary/);
    const boundedMultiRegion = postgresqlSettings(request({ consistency: 'bounded-staleness', multiRegionWrites: true, regionCount: 2 }));
    expect(boundedMultiRegion.delivers).toBe('bounded-staleness');
  });

  it('a single copy has no standby settings and a durability gap', () => {
    const settings = postgresqlSettings(request({ replication: { kind: 'leader-follower', mode: 'asynchronous', replicas: 1, synchronousAcks: 0, consensusFailover: false } }));
    expect(value(settings, 'synchronous_standby_names')).toBeUndefined();
    expect(settings.gaps?.join('\n')).toMatch(/only copy/);
  });

  it('quorum commit through Patroni: synchronous_mode quorum (4.0+) with the node count, since true would write FIRST k', () => {
    for (const acks of [1, 2]) {
      const settings = postgresqlSettings(request({ replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 5, synchronousAcks: acks, consensusFailover: true } }));
      expect(value(settings, 'synchronous_standby_names')).toMatch(new RegExp(`^ANY ${acks} `));
      expect(value(settings, 'patroni: synchronous_mode')).toBe('quorum');
      expect(value(settings, 'patroni: synchronous_node_count')).toBe(String(acks));
      const why = settings.parameters.find((p) => p.name === 'patroni: synchronous_mode')?.why ?? '';
      expect(why).toContain('Patroni 4.0+');
      expect(why).toContain(`synchronous_mode: true would write FIRST ${acks}`);
      expect(settings.versions).toContain('Patroni 4.0+');
    }
  });
});

