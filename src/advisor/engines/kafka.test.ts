import { describe, expect, it } from 'vitest';
import { kafkaSettings } from './kafka.js';
import type { EngineSettings, EngineSettingsRequest } from './types.js';

const request = (overrides: Partial<EngineSettingsRequest> = {}): EngineSettingsRequest => ({
  consistency: 'sequential',
  replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
  multiRegionWrites: false,
  regionCount: 1,
  durableAcknowledgedWrites: true,
  ...overrides,
});
const value = (settings: EngineSettings, name: string) => settings.parameters.find((p) => p.name === name)?.value;

describe('kafkaSettings', () => {
  it('durable: RF 3, min.insync.replicas 2, acks=all, no unclean election, idempotent producer', () => {
    const settings = kafkaSettings(request());
    expect(value(settings, 'replication.factor')).toBe('3');
    expect(value(settings, 'min.insync.replicas')).toBe('2');
    expect(value(settings, 'acks')).toBe('all');
    expect(value(settings, 'unclean.leader.election.enable')).toBe('false');
    expect(value(settings, 'enable.idempotence')).toBe('true');
    expect(settings.delivers).toBe('sequential');
    expect(settings.meetsRequest).toBe(true);
  });

  it('scales min.insync.replicas with the replication factor and never makes it RF', () => {
    const at = (replicas: number) => value(kafkaSettings(request({ replication: { kind: 'leader-follower', mode: 'synchronous', replicas, synchronousAcks: 1, consensusFailover: true } })), 'min.insync.replicas');
    expect(at(5)).toBe('3');
    expect(at(2)).toBe('1');
    expect(kafkaSettings(request({ replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 2, synchronousAcks: 1, consensusFailover: true } })).gaps?.join('\n')).toMatch(/RF 3/);
  });

  it('a log is not a linearizable register', () => {
    const settings = kafkaSettings(request({ consistency: 'linearizable' }));
    expect(settings.meetsRequest).toBe(false);
    expect(settings.caveats.join('\n')).toMatch(/not a linearizable register/);
  });

  it('eventual without durability: acks=1', () => {
    const settings = kafkaSettings(request({ consistency: 'eventual', durableAcknowledgedWrites: false }));
    expect(value(settings, 'acks')).toBe('1');
    expect(settings.delivers).toBe('eventual');
  });

  it('multi-region: a stretched cluster for a total order, MirrorMaker 2 only for eventual', () => {
    const strict = kafkaSettings(request({ regionCount: 3, multiRegionWrites: true }));
    expect(value(strict, 'multi-region topology')).toMatch(/stretched over 3 regions/);
    expect(strict.caveats.join('\n')).toMatch(/MirrorMaker 2, is asynchronous/);
    expect(kafkaSettings(request({ regionCount: 2 })).caveats.join('\n')).toMatch(/third region/);
    const loose = kafkaSettings(request({ consistency: 'eventual', durableAcknowledgedWrites: false, regionCount: 2 }));
    expect(value(loose, 'multi-region topology')).toMatch(/MirrorMaker 2/);
  });

  it('read-your-writes is a client pattern: wait for your own offset', () => {
    expect(value(kafkaSettings(request({ consistency: 'read-your-writes' })), 'read-your-writes')).toMatch(/offset/);
  });
});
