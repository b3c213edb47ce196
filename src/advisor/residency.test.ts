// Residency constrains every output of the design, not only its prose.
import { describe, expect, it } from 'vitest';
import { design } from './design.js';
import { renderText } from './render/text.js';
import { parseSpec } from './spec/parse.js';
import { specOf } from './testing/builders.js';

const eu = ['eu-central-1', 'eu-west-1'];
const system = { regions: ['us-east-1', 'ap-northeast-1', 'eu-central-1', 'eu-west-1'] };

describe('residency', () => {
  it('places the EU jurisdiction\'s replicas, leader and writes in EU regions only', () => {
    const result = design(specOf({ system, entities: [{ name: 'account', money: true, residency: [{ jurisdiction: 'EU', regions: eu }] }] }));
    const replication = result.entities[0]?.replication.choice;
    const [euPlacement, other] = replication?.placements ?? [];
    expect(euPlacement).toMatchObject({ jurisdiction: 'EU', regions: eu, leaderRegion: 'eu-central-1', writeRegions: ['eu-central-1'] });
    expect(other).toMatchObject({ jurisdiction: 'other', regions: ['us-east-1', 'ap-northeast-1'] });
    // With several placements there is no single leader region to misread.
    expect(replication?.leaderRegion).toBeUndefined();
    expect(result.entities[0]?.replication.summary).toContain('EU: eu-central-1, eu-west-1 (leader eu-central-1)');
    // The engine settings describe the EU placement and place every jurisdiction.
    const cassandra = result.entities[0]?.engines.find((engine) => engine.engine === 'cassandra');
    expect(cassandra?.parameters.find((parameter) => parameter.name === 'replication')?.value).not.toMatch(/us-east-1|ap-northeast-1/);
    expect(cassandra?.parameters.find((parameter) => parameter.name === 'residency')?.value).toContain("EU → { 'class': 'NetworkTopologyStrategy', 'eu-central-1'");
    const cockroach = result.entities[0]?.engines.find((engine) => engine.engine === 'cockroachdb');
    expect(cockroach?.parameters.find((parameter) => parameter.name.includes('SUPER REGION'))?.value).toContain('ADD SUPER REGION "eu" VALUES "eu-central-1", "eu-west-1"');
    expect(cockroach?.parameters.find((parameter) => parameter.name === 'table locality')?.value).toBe('REGIONAL BY ROW');
  });

  it('each jurisdiction writes in its own regions (writes: per-jurisdiction)', () => {
    const spec = parseSpec(
      [
        'system: { name: s, regions: [us-east-1, us-west-2, eu-central-1, eu-west-1] }',
        'entities:',
        '  - name: order',
        '    service: orders',
        '    key: order_id',
        '    money: true',
        '    writes: per-jurisdiction',
        '    residency:',
        '      - { jurisdiction: EU, regions: [eu-central-1, eu-west-1] }',
        '      - { jurisdiction: US, regions: [us-east-1, us-west-2] }',
      ].join('\n'),
      { file: 'orders.yaml' },
    );
    const order = design(spec).entities[0];
    expect(order?.requirements.writeRegions).toEqual(['eu-central-1', 'us-east-1']);
    expect(order?.replication.choice.placements?.map((placement) => [placement.jurisdiction, placement.leaderRegion, placement.writeRegions])).toEqual([
      ['EU', 'eu-central-1', ['eu-central-1']],
      ['US', 'us-east-1', ['us-east-1']],
    ]);
    expect(renderText(design(spec))).toContain('writes in eu-central-1');
  });

  it('rejects writes: per-jurisdiction without residency', () => {
    expect(() => parseSpec('system: { name: s, regions: [us-east-1] }\nentities: [{ name: e, service: s, key: id, writes: per-jurisdiction }]', { file: 'bad.yaml' })).toThrow(/needs residency/);
  });
});
