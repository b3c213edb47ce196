import { describe, expect, it } from 'vitest';
import { cosmosdbSettings } from './cosmosdb.js';
import type { EngineSettings, EngineSettingsRequest } from './types.js';

const request = (overrides: Partial<EngineSettingsRequest> = {}): EngineSettingsRequest => ({
  consistency: 'linearizable',
  replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 4, synchronousAcks: 2, consensusFailover: true },
  multiRegionWrites: false,
  regionCount: 1,
  durableAcknowledgedWrites: true,
  ...overrides,
});
const value = (settings: EngineSettings, name: string) => settings.parameters.find((p) => p.name === name)?.value;

describe('cosmosdbSettings', () => {
  it('maps each model to one of the five levels', () => {
    expect(value(cosmosdbSettings(request()), 'defaultConsistencyLevel')).toBe('Strong');
    expect(value(cosmosdbSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 60_000 })), 'defaultConsistencyLevel')).toBe('BoundedStaleness');
    expect(value(cosmosdbSettings(request({ consistency: 'read-your-writes' })), 'defaultConsistencyLevel')).toBe('Session');
    expect(value(cosmosdbSettings(request({ consistency: 'eventual' })), 'defaultConsistencyLevel')).toBe('ConsistentPrefix');
    expect(value(cosmosdbSettings(request({ consistency: 'eventual', durableAcknowledgedWrites: false })), 'defaultConsistencyLevel')).toBe('Eventual');
  });

  it('refuses Strong with multiple write regions and says so', () => {
    const settings = cosmosdbSettings(request({ regionCount: 2, multiRegionWrites: true, replication: { kind: 'multi-leader', conflictResolution: 'last-writer-wins' } }));
    expect(value(settings, 'defaultConsistencyLevel')).toBe('Session');
    expect(settings.meetsRequest).toBe(false);
    expect(settings.gaps?.join('\n')).toMatch(/Strong consistency cannot be combined with multiple write regions/);
    expect(value(settings, 'conflictResolutionPolicy')).toMatch(/LastWriterWins/);
  });

  it('bounded staleness: K and T with the account minimums; Strong when the bound is below them', () => {
    const single = cosmosdbSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 10_000 }));
    expect(value(single, 'maxIntervalInSeconds / maxStalenessPrefix')).toBe('10 / 1000');
    const multi = cosmosdbSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 10_000, regionCount: 3 }));
    expect(value(multi, 'defaultConsistencyLevel')).toBe('Strong');
    expect(multi.caveats.join('\n')).toMatch(/below the 300 s minimum/);
    const multiWrite = cosmosdbSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 10_000, regionCount: 3, multiRegionWrites: true }));
    expect(multiWrite.meetsRequest).toBe(false);
    const wide = cosmosdbSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 600_000, regionCount: 3 }));
    expect(value(wide, 'maxIntervalInSeconds / maxStalenessPrefix')).toBe('600 / 100000');
  });

  it('session consistency needs the session token to cross clients', () => {
    const settings = cosmosdbSettings(request({ consistency: 'causal' }));
    expect(settings.delivers).toBe('causal');
    expect(settings.caveats.join('\n')).toMatch(/session token/);
  });

  it('custom conflict resolution for application merges', () => {
    const settings = cosmosdbSettings(request({ consistency: 'eventual', regionCount: 2, multiRegionWrites: true, replication: { kind: 'multi-leader', conflictResolution: 'application-merge' } }));
    expect(value(settings, 'conflictResolutionPolicy')).toMatch(/Custom/);
  });
});
