import { describe, expect, it } from 'vitest';
import { mysqlSettings, semiSyncNeverFallBackMs } from './mysql.js';
import type { EngineSettings, EngineSettingsRequest } from './types.js';

const request = (overrides: Partial<EngineSettingsRequest> = {}): EngineSettingsRequest => ({
  consistency: 'linearizable',
  replication: { kind: 'leader-follower', mode: 'semi-synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: false },
  multiRegionWrites: false,
  regionCount: 1,
  durableAcknowledgedWrites: true,
  ...overrides,
});
const parameter = (settings: EngineSettings, name: string) => settings.parameters.find((p) => p.name === name);

describe('mysqlSettings', () => {
  it('durable semi-sync: AFTER_SYNC, the replica count, and a timeout that never silently falls back', () => {
    const settings = mysqlSettings(request());
    expect(parameter(settings, 'rpl_semi_sync_source_enabled')?.value).toBe('ON');
    expect(parameter(settings, 'rpl_semi_sync_source_wait_for_replica_count')?.value).toBe('1');
    expect(parameter(settings, 'rpl_semi_sync_source_wait_point')?.value).toBe('AFTER_SYNC');
    expect(parameter(settings, 'rpl_semi_sync_source_timeout')?.value).toBe(`${semiSyncNeverFallBackMs} (effectively infinite)`);
    expect(settings.caveats.join('\n')).toMatch(/Availability cost of the infinite timeout/);
    expect(parameter(settings, 'rpl_semi_sync_source_timeout')?.why).toMatch(/SILENTLY fall back to asynchronous/);
    expect(parameter(settings, 'monitor Rpl_semi_sync_source_status')?.value).toBe('alert when 0');
    expect(parameter(settings, 'sync_binlog')?.value).toBe('1');
    expect(parameter(settings, 'rpl_semi_sync_source_enabled')?.why).toMatch(/Before 8\.0\.26: rpl_semi_sync_master_enabled/);
    expect(settings.versions).toMatch(/8\.0\.26/);
  });

  it('linearizable reads go to the source; Group Replication is named for consistent secondary reads', () => {
    const settings = mysqlSettings(request());
    expect(parameter(settings, 'read routing')?.value).toBe('all reads and writes on the source');
    expect(settings.caveats.join('\n')).toMatch(/group_replication_consistency = BEFORE/);
    expect(settings.meetsRequest).toBe(true);
  });

  it('keeps the default timeout and says it falls back when durability is not required', () => {
    const settings = mysqlSettings(request({ consistency: 'read-your-writes', durableAcknowledgedWrites: false }));
    expect(parameter(settings, 'rpl_semi_sync_source_timeout')?.value).toBe('10000 (default)');
    expect(parameter(settings, 'rpl_semi_sync_source_timeout')?.why).toMatch(/silently/);
    expect(parameter(settings, 'read routing')?.value).toMatch(/WAIT_FOR_EXECUTED_GTID_SET/);
    expect(settings.delivers).toBe('read-your-writes');
  });

  it('asynchronous replication: no semi-sync settings and an RPO caveat', () => {
    const settings = mysqlSettings(request({ consistency: 'eventual', durableAcknowledgedWrites: false, replication: { kind: 'leader-follower', mode: 'asynchronous', replicas: 3, synchronousAcks: 0, consensusFailover: false } }));
    expect(parameter(settings, 'rpl_semi_sync_source_enabled')).toBeUndefined();
    expect(settings.caveats.join('\n')).toMatch(/RPO = the replication lag/);
  });

  it('waits for as many replicas as requested', () => {
    const settings = mysqlSettings(request({ replication: { kind: 'leader-follower', mode: 'semi-synchronous', replicas: 5, synchronousAcks: 2, consensusFailover: false } }));
    expect(parameter(settings, 'rpl_semi_sync_source_wait_for_replica_count')?.value).toBe('2');
  });

  it('multi-region writes are a gap', () => {
    expect(mysqlSettings(request({ multiRegionWrites: true, regionCount: 2 })).gaps?.join('\n')).toMatch(/one writable source/);
  });

  it('a linearizable claim on semi-sync never keeps the 10 s timeout that silently reverts to asynchronous, and states what blocking costs', () => {
    const settings = mysqlSettings(request({ consistency: 'linearizable', durableAcknowledgedWrites: false }));
    expect(parameter(settings, 'rpl_semi_sync_source_timeout')?.value).toBe(`${semiSyncNeverFallBackMs} (effectively infinite)`);
    expect(parameter(settings, 'rpl_semi_sync_source_timeout')?.why).toMatch(/breaking the linearizable claim/);
    expect(settings.caveats.join('\n')).toMatch(/every commit on the source blocks indefinitely/);
    const relaxed = mysqlSettings(request({ consistency: 'eventual', durableAcknowledgedWrites: false, replication: { kind: 'leader-follower', mode: 'semi-synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: false } }));
    expect(parameter(relaxed, 'rpl_semi_sync_source_timeout')?.value).toBe('10000 (default)');
  });
});

