import { describe, expect, it } from 'vitest';
import { engineCatalog, engineNames, engineSettings } from './catalog.js';
import { consistencyModels, satisfies } from './models.js';
import type { EngineName, EngineSettingsRequest, ReplicationChoice } from './types.js';

/** Official documentation hosts, per engine: every source must point at one of them. */
const officialHosts: Record<EngineName, readonly string[]> = {
  postgresql: ['www.postgresql.org', 'patroni.readthedocs.io'],
  mysql: ['dev.mysql.com'],
  mongodb: ['www.mongodb.com'],
  cassandra: ['cassandra.apache.org', 'docs.datastax.com', 'docs.scylladb.com'],
  dynamodb: ['docs.aws.amazon.com'],
  cosmosdb: ['learn.microsoft.com'],
  kafka: ['kafka.apache.org'],
  redis: ['redis.io'],
  etcd: ['etcd.io'],
  cockroachdb: ['www.cockroachlabs.com'],
  spanner: ['cloud.google.com'],
};

const replications: readonly ReplicationChoice[] = [
  { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
  { kind: 'leader-follower', mode: 'asynchronous', replicas: 3, synchronousAcks: 0, consensusFailover: false },
  { kind: 'leader-follower', mode: 'semi-synchronous', replicas: 5, synchronousAcks: 2, consensusFailover: false },
  { kind: 'leader-follower', mode: 'asynchronous', replicas: 1, synchronousAcks: 0, consensusFailover: false },
  { kind: 'multi-leader', conflictResolution: 'last-writer-wins' },
  { kind: 'multi-leader', conflictResolution: 'crdt' },
  { kind: 'leaderless', n: 3, w: 2, r: 2, readRepair: true, writeBackOnRead: false, sloppyQuorum: false },
  { kind: 'leaderless', n: 5, w: 1, r: 1, readRepair: false, writeBackOnRead: false, sloppyQuorum: true },
];

function* requests(): Generator<EngineSettingsRequest> {
  for (const consistency of consistencyModels) {
    for (const replication of replications) {
      for (const regionCount of [1, 2, 3, 5]) {
        for (const multiRegionWrites of regionCount > 1 ? [false, true] : [false]) {
          for (const durableAcknowledgedWrites of [false, true]) {
            for (const stalenessBoundMs of consistency === 'bounded-staleness' ? [undefined, 500, 10_000, 600_000] : [undefined]) {
              yield { consistency, replication, regionCount, multiRegionWrites, durableAcknowledgedWrites, ...(stalenessBoundMs === undefined ? {} : { stalenessBoundMs }) };
            }
          }
        }
      }
    }
  }
}

describe('the engine-settings catalog contract, for every engine and every request shape', () => {
  const all = [...requests()];

  it.each(engineNames)('%s answers every request with coherent, sourced settings', (engine) => {
    for (const request of all) {
      const settings = engineCatalog[engine](request);
      const label = `${engine} ${JSON.stringify(request)}`;
      expect(settings.engine, label).toBe(engine);
      expect(settings.versions, label).toMatch(/\d/);
      expect(settings.parameters.length, label).toBeGreaterThan(0);
      expect(new Set(settings.parameters.map((p) => p.name)).size, `${label}: duplicate parameter`).toBe(settings.parameters.length);
      for (const parameter of settings.parameters) {
        expect(parameter.value.length, label).toBeGreaterThan(0);
        expect(parameter.why.length, label).toBeGreaterThan(20);
      }
      // ✓ judges every requirement: the model AND no gap.
      expect(settings.meetsRequest, label).toBe(satisfies(settings.delivers, request.consistency) && (settings.gaps ?? []).length === 0);
      expect(settings.sources.length, label).toBeGreaterThan(0);
      for (const source of settings.sources) {
        const url = new URL(source.url);
        expect(url.protocol, label).toBe('https:');
        expect(officialHosts[engine], `${label}: ${source.url}`).toContain(url.hostname);
      }
      if (settings.gaps !== undefined) expect(settings.gaps.length, label).toBeGreaterThan(0);
      // Deterministic: the same request gives the same advice.
      expect(engineCatalog[engine](request)).toEqual(settings);
    }
  });

  it('lists every engine in order, or the ones asked for', () => {
    const request = all[0] as EngineSettingsRequest;
    expect(engineSettings(request).map((s) => s.engine)).toEqual([
      'postgresql', 'mysql', 'mongodb', 'cassandra', 'dynamodb', 'cosmosdb', 'kafka', 'redis', 'etcd', 'cockroachdb', 'spanner',
    ]);
    expect(engineSettings(request, { engines: ['etcd', 'redis'] }).map((s) => s.engine)).toEqual(['etcd', 'redis']);
    expect(() => engineSettings(request, { engines: ['oracle' as EngineName] })).toThrow(/Invalid option engines/);
  });

  it('rejects malformed requests with a RangeError naming the field', () => {
    const base = all[0] as EngineSettingsRequest;
    expect(() => engineSettings({ ...base, consistency: 'strong' as never })).toThrow(/Invalid option consistency/);
    expect(() => engineSettings({ ...base, regionCount: 0 })).toThrow(/Invalid option regionCount/);
    expect(() => engineSettings({ ...base, stalenessBoundMs: -1 })).toThrow(/Invalid option stalenessBoundMs/);
    expect(() => engineSettings({ ...base, replication: { kind: 'leaderless', n: 3, w: 4, r: 1, readRepair: false, writeBackOnRead: false, sloppyQuorum: false } })).toThrow(/replication\.w/);
    expect(() => engineSettings({ ...base, replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 3, consensusFailover: true } })).toThrow(/replication\.synchronousAcks/);
    expect(() => engineSettings({ ...base, replication: { kind: 'paxos' } as never })).toThrow(/replication\.kind/);
  });

  it('never claims eventual-only engines meet a strong request', () => {
    for (const consistency of ['linearizable', 'sequential', 'causal', 'read-your-writes'] as const) {
      const request: EngineSettingsRequest = { consistency, replication: replications[0] as ReplicationChoice, regionCount: 1, multiRegionWrites: false, durableAcknowledgedWrites: true };
      expect(engineCatalog.redis(request).meetsRequest).toBe(false);
    }
  });
});
