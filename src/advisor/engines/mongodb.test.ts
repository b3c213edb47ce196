import { describe, expect, it } from 'vitest';
import { mongodbSettings } from './mongodb.js';
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

describe('mongodbSettings', () => {
  it('linearizable: majority journaled writes, linearizable reads on the primary with maxTimeMS', () => {
    const settings = mongodbSettings(request());
    expect(value(settings, 'writeConcern')).toBe('{ w: "majority", j: true }');
    expect(value(settings, 'readConcern')).toBe('{ level: "linearizable" }');
    expect(value(settings, 'readPreference')).toBe('primary');
    expect(value(settings, 'maxTimeMS')).toBeDefined();
    expect(settings.delivers).toBe('linearizable');
    expect(settings.caveats.join('\n')).toMatch(/single document/);
  });

  it('causal and read-your-writes: causally consistent sessions with majority read and write concern', () => {
    for (const consistency of ['causal', 'read-your-writes'] as const) {
      const settings = mongodbSettings(request({ consistency, regionCount: 3 }));
      expect(value(settings, 'session')).toMatch(/causalConsistency: true/);
      expect(value(settings, 'readConcern')).toBe('{ level: "majority" }');
      expect(value(settings, 'writeConcern')).toBe('{ w: "majority", j: true }');
      expect(value(settings, 'readPreference')).toBe('nearest');
      expect(settings.delivers).toBe('causal');
      expect(settings.meetsRequest).toBe(true);
    }
  });

  it('eventual without durability: w:1 with the rollback caveat, local reads from the nearest member', () => {
    const settings = mongodbSettings(request({ consistency: 'eventual', durableAcknowledgedWrites: false }));
    expect(value(settings, 'writeConcern')).toBe('{ w: 1 }');
    expect(value(settings, 'readConcern')).toBe('{ level: "local" }');
    expect(settings.caveats.join('\n')).toMatch(/rolled back/);
  });

  it('bounded staleness uses maxStalenessSeconds when the bound is ≥ 90 s, primary linearizable reads below', () => {
    const loose = mongodbSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 120_000 }));
    expect(value(loose, 'readPreference')).toBe('{ mode: "nearest", maxStalenessSeconds: 120 }');
    expect(loose.delivers).toBe('bounded-staleness');
    const tight = mongodbSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 5_000 }));
    expect(value(tight, 'readPreference')).toBe('primary');
    expect(tight.delivers).toBe('linearizable');
    expect(tight.meetsRequest).toBe(true);
  });

  it('multi-region writes point to zone sharding', () => {
    expect(mongodbSettings(request({ multiRegionWrites: true, regionCount: 3 })).gaps?.join('\n')).toMatch(/zone sharding/);
  });
});
