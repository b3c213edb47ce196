import { describe, expect, it } from 'vitest';
import { ResidencyError } from './errors.js';
import { GeoPartitioner } from './geo.js';
import { HashRing } from './ring.js';

const nodes = [
  { id: 'fra-1', region: 'eu-central', zone: 'eu-central-1a' },
  { id: 'fra-2', region: 'eu-central', zone: 'eu-central-1b' },
  { id: 'dub-1', region: 'eu-west', zone: 'eu-west-1a' },
  { id: 'iad-1', region: 'us-east', zone: 'us-east-1a' },
  { id: 'iad-2', region: 'us-east', zone: 'us-east-1b' },
  { id: 'sin-1', region: 'ap-southeast', zone: 'ap-southeast-1a' },
];
const rules = [
  { name: 'gdpr', keyPrefix: 'eu:', regions: ['eu-central', 'eu-west'] },
  { name: 'us-only', match: (key: string) => key.endsWith('@us'), regions: ['us-east'] },
];

describe('GeoPartitioner', () => {
  const geo = GeoPartitioner.create(nodes, { rules, replicas: 2 });

  it('keeps each key, and all its replicas, in the regions its rule allows', () => {
    const region = (id: string): string | undefined => nodes.find((node) => node.id === id)?.region;
    for (let i = 0; i < 2000; i++) {
      for (const replica of geo.replicasFor(`eu:user:${i}`, 3)) expect(['eu-central', 'eu-west']).toContain(region(replica));
      for (const replica of geo.replicasFor(`order:${i}@us`, 2)) expect(region(replica)).toBe('us-east');
      expect(nodes.map((node) => node.id)).toContain(geo.nodeFor(`other:${i}`));
    }
    expect(geo.ruleFor('eu:user:1')?.name).toBe('gdpr');
    expect(geo.ruleFor('misc')).toBeUndefined();
  });

  it('spreads replicas over the allowed regions first', () => {
    for (let i = 0; i < 200; i++) expect(new Set(geo.replicasFor(`eu:u${i}`, 2).map((id) => nodes.find((node) => node.id === id)?.region)).size).toBe(2);
  });

  it('fails loudly, with a typed error, when a rule cannot be met', () => {
    expect(() => geo.replicasFor('order:1@us', 3)).toThrow(ResidencyError);
    const error = (() => {
      try {
        geo.withNodes(nodes.filter((node) => node.region !== 'us-east' || node.id === 'iad-1'));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ResidencyError);
    expect((error as ResidencyError).code).toBe('RESIDENCY_UNSATISFIABLE');
    expect((error as ResidencyError).rule).toBe('us-only');
    expect((error as ResidencyError).message).toMatch(/us-only.*us-east.*1 node\(s\) \(iad-1\); 2 needed/);
    expect(() => GeoPartitioner.create(nodes, { rules: [{ name: 'mars', keyPrefix: 'm:', regions: ['mars-1'] }] })).toThrow(ResidencyError);
    expect(() => GeoPartitioner.create([{ id: 'x' }], { rules: [] })).toThrow(/region/);
  });

  it('uses the inner placement you choose', () => {
    const ringGeo = GeoPartitioner.create(nodes, { rules, placement: (members) => HashRing.create(members, { vnodes: 64 }) });
    expect(['fra-1', 'fra-2', 'dub-1']).toContain(ringGeo.nodeFor('eu:x'));
  });
});

