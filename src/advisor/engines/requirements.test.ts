import { describe, expect, it } from 'vitest';
import { engineNames, engineSettings } from './catalog.js';
import { residencyParameter } from './requirements.js';
import type { EngineName, EngineSettingsRequest } from './types.js';

// A linearizable, durable entity: five copies, a synchronous majority, consensus failover.
const base: EngineSettingsRequest = {
  consistency: 'linearizable',
  replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 5, synchronousAcks: 2, consensusFailover: true },
  multiRegionWrites: false,
  regionCount: 1,
  durableAcknowledgedWrites: true,
};
const eu = { jurisdiction: 'EU', regions: ['eu-central-1', 'eu-west-1'] };
const us = { jurisdiction: 'US', regions: ['us-east-1', 'us-west-2'] };

/**
 * The requirements × engines matrix: each row is one requirement on top of the base request, and
 * for each engine whether its settings meet everything (✓) or which gap makes it ✗. Engines not
 * named in a row's `failing` must pass it unless they already fail the base (Kafka and Redis are
 * not linearizable registers).
 */
const notLinearizable: readonly EngineName[] = ['kafka', 'redis'];
const matrix: readonly { requirement: string; request: Partial<EngineSettingsRequest>; failing: Partial<Record<EngineName, RegExp>> }[] = [
  { requirement: 'the consistency model alone', request: {}, failing: { redis: /cannot deliver linearizable/ } },
  {
    requirement: 'residency (EU and US data each in two own regions)',
    request: { regionCount: 2, regions: eu.regions, placements: [eu, us] },
    failing: { dynamodb: /MRSC needs a third Region for EU .*residency keeps EU's data in eu-central-1, eu-west-1 only/, redis: /cannot deliver linearizable/ },
  },
  {
    requirement: 'strong writes in two Regions of different MRSC Region sets',
    request: { regionCount: 2, multiRegionWrites: true, regions: ['us-east-1', 'eu-west-1'] },
    failing: {
      dynamodb: /one Region set .*us-east-1 \+ eu-west-1 is not one/,
      postgresql: /one primary/,
      mysql: /one writable source/,
      mongodb: /one primary/,
      cosmosdb: /Strong consistency cannot be combined/,
      redis: /multi-primary/,
    },
  },
  {
    requirement: 'CRDT merge of concurrent writes in two regions',
    request: { consistency: 'eventual', multiRegionWrites: true, regionCount: 2, replication: { kind: 'multi-leader', conflictResolution: 'crdt' } },
    failing: {
      dynamodb: /last-writer-wins; they do not deliver "crdt"/,
      cassandra: /only by last-writer-wins/,
      postgresql: /not available in core PostgreSQL/,
      mysql: /one writable source/,
      mongodb: /one primary/,
      redis: /multi-primary/,
    },
  },
  { requirement: 'a multi-terabyte entity', request: { sizeGb: 3_000 }, failing: { etcd: /3000 GB exceeds etcd's storage quota/, redis: /cannot deliver linearizable/ } },
  {
    requirement: 'a 10 ms write objective with the synchronous copy one 15 ms round trip away',
    request: { regionCount: 3, regions: ['us-east-1', 'us-east-2', 'us-west-2'], writeP99Ms: 10, nearestRegionRttMs: 15, synchronousAcrossRegions: true },
    failing: Object.fromEntries(engineNames.map((engine) => [engine, engine === 'cassandra' ? /4 sequential cross-region round trips/ : /one cross-region round trip \(≈ 15 ms/])),
  },
];

describe('requirements × engines: ✓ judges every requirement, ✗ says why', () => {
  for (const row of matrix) {
    it(row.requirement, () => {
      const request = { ...base, ...row.request };
      for (const settings of engineSettings(request)) {
        const expected = row.failing[settings.engine];
        if (expected !== undefined) {
          expect(settings.meetsRequest, `${settings.engine} should be ✗`).toBe(false);
          expect((settings.gaps ?? []).join('\n'), settings.engine).toMatch(expected);
        } else if (notLinearizable.includes(settings.engine) && request.consistency === 'linearizable') {
          expect(settings.meetsRequest, settings.engine).toBe(false);
        } else {
          expect(settings.gaps ?? [], `${settings.engine} should be ✓`).toEqual([]);
          expect(settings.meetsRequest, settings.engine).toBe(true);
        }
      }
    });
  }

  it('residency constrains every engine\'s settings: each says where each jurisdiction\'s copies go, and nowhere else', () => {
    for (const settings of engineSettings({ ...base, regionCount: 2, regions: eu.regions, placements: [eu, us] })) {
      const residency = settings.parameters.find((parameter) => parameter.name.startsWith('residency'));
      expect(residency, settings.engine).toBeDefined();
      for (const region of [...eu.regions, ...us.regions]) expect(residency?.value, settings.engine).toContain(region);
      // The engine's main settings describe the EU placement: no US region in them.
      const others = settings.parameters.filter((parameter) => parameter !== residency).map((parameter) => parameter.value).join(' ');
      for (const region of us.regions) expect(others, settings.engine).not.toContain(region);
    }
    expect(residencyParameter('etcd', [eu]).value).toBe('one cluster per jurisdiction: EU → eu-central-1, eu-west-1');
  });

  it('MRSC in three Regions of one Region set passes, inside a jurisdiction too', () => {
    const [dynamodb] = engineSettings(
      { ...base, regionCount: 3, multiRegionWrites: true, regions: ['eu-west-1', 'eu-west-3', 'eu-central-1'], placements: [{ jurisdiction: 'EU', regions: ['eu-west-1', 'eu-west-3', 'eu-central-1'] }] },
      { engines: ['dynamodb'] },
    );
    expect(dynamodb?.meetsRequest).toBe(true);
    expect(dynamodb?.parameters.find((parameter) => parameter.name === 'MultiRegionConsistency')?.value).toBe('STRONG');
  });
});
