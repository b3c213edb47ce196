import { describe, expect, it } from 'vitest';
import { redisSettings } from './redis.js';
import type { EngineSettings, EngineSettingsRequest } from './types.js';

const request = (overrides: Partial<EngineSettingsRequest> = {}): EngineSettingsRequest => ({
  consistency: 'linearizable',
  replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: false },
  multiRegionWrites: false,
  regionCount: 1,
  durableAcknowledgedWrites: true,
  ...overrides,
});
const value = (settings: EngineSettings, name: string) => settings.parameters.find((p) => p.name === name)?.value;

describe('redisSettings', () => {
  it('WAIT, WAITAOF and min-replicas narrow the window but do not make Redis strongly consistent', () => {
    const settings = redisSettings(request());
    expect(value(settings, 'WAIT')).toMatch(/^WAIT 1 /);
    expect(value(settings, 'WAITAOF')).toBe('WAITAOF 1 1 <timeoutMs>');
    expect(value(settings, 'min-replicas-to-write / min-replicas-max-lag')).toBe('1 / 10');
    expect(value(settings, 'appendfsync')).toBe('always');
    expect(settings.delivers).toBe('eventual');
    expect(settings.meetsRequest).toBe(false);
    expect(settings.caveats.join('\n')).toMatch(/WAIT does not make Redis strongly consistent/);
    expect(settings.gaps?.join('\n')).toMatch(/can be lost on failover/);
  });

  it('eventual, not durable: everysec and no WAIT', () => {
    const settings = redisSettings(request({ consistency: 'eventual', durableAcknowledgedWrites: false }));
    expect(value(settings, 'appendfsync')).toBe('everysec');
    expect(value(settings, 'WAIT')).toBeUndefined();
    expect(settings.meetsRequest).toBe(true);
    expect(settings.gaps).toBeUndefined();
  });

  it('multi-region writes need Redis Enterprise Active-Active', () => {
    expect(redisSettings(request({ consistency: 'eventual', multiRegionWrites: true, regionCount: 2 })).gaps?.join('\n')).toMatch(/Active-Active/);
  });
});
