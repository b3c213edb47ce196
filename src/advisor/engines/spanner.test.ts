import { describe, expect, it } from 'vitest';
import { spannerSettings } from './spanner.js';
import type { EngineSettings, EngineSettingsRequest } from './types.js';

const request = (overrides: Partial<EngineSettingsRequest> = {}): EngineSettingsRequest => ({
  consistency: 'linearizable',
  replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 5, synchronousAcks: 2, consensusFailover: true },
  multiRegionWrites: false,
  regionCount: 1,
  durableAcknowledgedWrites: true,
  ...overrides,
});
const value = (settings: EngineSettings, name: string) => settings.parameters.find((p) => p.name === name)?.value;

describe('spannerSettings', () => {
  it('strong reads and external consistency', () => {
    const settings = spannerSettings(request());
    expect(value(settings, 'read timestamp bound')).toBe('strong (default)');
    expect(settings.delivers).toBe('linearizable');
  });

  it('bounded staleness: max_staleness in single-use read-only transactions', () => {
    const settings = spannerSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 15_000 }));
    expect(value(settings, 'read timestamp bound')).toBe('max_staleness = 15s');
    expect(settings.caveats.join('\n')).toMatch(/single-use/);
  });

  it('eventual: exact staleness reads from the nearest replica', () => {
    const settings = spannerSettings(request({ consistency: 'eventual', regionCount: 3 }));
    expect(value(settings, 'read timestamp bound')).toBe('exact_staleness = 15s');
    expect(value(settings, 'instance configuration')).toMatch(/multi-region/);
  });

  it('writes from every region go to the leader region', () => {
    expect(spannerSettings(request({ multiRegionWrites: true, regionCount: 3 })).caveats.join('\n')).toMatch(/default_leader/);
  });
});
