import { describe, expect, it } from 'vitest';
import { cockroachdbSettings } from './cockroachdb.js';
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

describe('cockroachdbSettings', () => {
  it('serializable by default, leaseholder reads, and the causal-reverse caveat', () => {
    const settings = cockroachdbSettings(request());
    expect(value(settings, 'default_transaction_isolation')).toBe('SERIALIZABLE (default)');
    expect(settings.delivers).toBe('linearizable');
    expect(settings.caveats.join('\n')).toMatch(/causal reverse/);
  });

  it('bounded staleness: with_max_staleness follower reads', () => {
    const settings = cockroachdbSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 10_000, regionCount: 3 }));
    expect(value(settings, 'AS OF SYSTEM TIME')).toBe("with_max_staleness('10s')");
    expect(settings.delivers).toBe('bounded-staleness');
    expect(settings.caveats.join('\n')).toMatch(/single-statement/);
  });

  it('eventual: exact-staleness follower reads with follower_read_timestamp()', () => {
    const settings = cockroachdbSettings(request({ consistency: 'eventual' }));
    expect(value(settings, 'AS OF SYSTEM TIME')).toBe('follower_read_timestamp()');
    expect(settings.meetsRequest).toBe(true);
  });

  it('multi-region writes: REGIONAL BY ROW and region survival with three regions', () => {
    const settings = cockroachdbSettings(request({ multiRegionWrites: true, regionCount: 3 }));
    expect(value(settings, 'table locality')).toBe('REGIONAL BY ROW');
    expect(value(settings, 'SURVIVE ... FAILURE')).toBe('SURVIVE REGION FAILURE');
  });
});
