import { describe, expect, it } from 'vitest';
import { dynamodbSettings } from './dynamodb.js';
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

describe('dynamodbSettings', () => {
  it('single region, strong: ConsistentRead=true, conditional writes, transactions, and no consistent reads on GSIs', () => {
    const settings = dynamodbSettings(request());
    expect(value(settings, 'ConsistentRead')).toBe('true');
    expect(value(settings, 'ConditionExpression')).toBeDefined();
    expect(value(settings, 'TransactWriteItems / TransactGetItems')).toBeDefined();
    expect(settings.caveats.join('\n')).toMatch(/Global secondary indexes are always eventually consistent/);
    expect(settings.delivers).toBe('linearizable');
  });

  it('single region, eventual: default eventually consistent reads', () => {
    const settings = dynamodbSettings(request({ consistency: 'eventual' }));
    expect(value(settings, 'ConsistentRead')).toBe('false (default)');
    expect(settings.delivers).toBe('eventual');
  });

  it('multi-region linearizable: MRSC with three Regions in one Region set, or two and a witness', () => {
    const three = dynamodbSettings(request({ regionCount: 3, multiRegionWrites: true }));
    expect(value(three, 'MultiRegionConsistency')).toBe('STRONG');
    expect(value(three, 'replicas')).toBe('3 replicas in one Region set');
    expect(three.caveats.join('\n')).toMatch(/ReplicatedWriteConflictException/);
    expect(three.delivers).toBe('linearizable');
    expect(value(dynamodbSettings(request({ regionCount: 2 })), 'replicas')).toBe('2 replicas + 1 witness in one Region set');
    expect(dynamodbSettings(request({ regionCount: 4 })).gaps?.join('\n')).toMatch(/exactly three Regions/);
  });

  it('multi-region read-your-writes without multi-region writes: MREC with a home Region per item', () => {
    const settings = dynamodbSettings(request({ consistency: 'read-your-writes', regionCount: 2 }));
    expect(value(settings, 'MultiRegionConsistency')).toBe('EVENTUAL (default)');
    expect(value(settings, 'request routing')).toMatch(/home Region/);
    expect(settings.delivers).toBe('read-your-writes');
    expect(settings.caveats.join('\n')).toMatch(/last-writer-wins/);
  });

  it('multi-region eventual: MREC, last-writer-wins, local-only conditional writes', () => {
    const settings = dynamodbSettings(request({ consistency: 'eventual', regionCount: 3, multiRegionWrites: true }));
    expect(settings.delivers).toBe('eventual');
    expect(settings.caveats.join('\n')).toMatch(/not a cross-Region compare-and-set/);
  });
});

describe('dynamodbSettings across Regions without multi-Region writes', () => {
  it('bounds staleness only with MRSC: MREC has no bound on replication lag', () => {
    const settings = dynamodbSettings(request({ consistency: 'bounded-staleness', stalenessBoundMs: 5_000, regionCount: 3 }));
    expect(value(settings, 'MultiRegionConsistency')).toBe('STRONG');
    expect(settings.meetsRequest).toBe(true);
  });
});
