import { describe, expect, it } from 'vitest';
import { etcdSettings } from './etcd.js';
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

describe('etcdSettings', () => {
  it('linearizable reads by default (ReadIndex)', () => {
    const settings = etcdSettings(request());
    expect(value(settings, 'read consistency')).toBe('linearizable (default)');
    expect(settings.delivers).toBe('linearizable');
  });

  it('serializable reads for eventual: local and possibly stale', () => {
    const settings = etcdSettings(request({ consistency: 'eventual' }));
    expect(value(settings, 'read consistency')).toBe('serializable');
    expect(settings.parameters.find((p) => p.name === 'read consistency')?.why).toMatch(/stale/);
    expect(settings.delivers).toBe('eventual');
  });

  it('rounds an even member count up to odd and explains why', () => {
    const settings = etcdSettings(request({ replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 4, synchronousAcks: 2, consensusFailover: true } }));
    expect(value(settings, 'cluster members')).toBe('5');
    expect(settings.parameters.find((p) => p.name === 'cluster members')?.why).toMatch(/tolerate 2 failures/);
  });

  it('multi-region: election and heartbeat tuning', () => {
    const settings = etcdSettings(request({ regionCount: 3 }));
    expect(value(settings, '--election-timeout')).toMatch(/10×/);
  });
});
