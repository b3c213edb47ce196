import { describe, expect, it } from 'vitest';
import { design } from '../design.js';
import { designSchemaVersion } from '../design-types.js';
import { specOf } from '../testing/builders.js';
import { renderJson } from './json.js';

describe('renderJson', () => {
  it('round-trips the design, two-space indented, with its schema version first', () => {
    const result = design(specOf({ entities: [{ money: true }] }));
    const json = renderJson(result);
    expect(json.startsWith(`{\n  "schemaVersion": ${designSchemaVersion},`)).toBe(true);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('echoes each entity’s requirements so the JSON is self-contained', () => {
    const result = design(specOf({ system: { regions: ['us-east-1', 'eu-west-1'] }, entities: [{ staleness: { maxMs: 500 }, writes: 'multi-region', conflicts: 'merge', latency: { writeP99Ms: 40 } }] }));
    expect(result.entities[0]?.requirements).toEqual({ durable: false, multiRegionWrites: true, writeRegions: ['us-east-1', 'eu-west-1'], stalenessBoundMs: 500, writeP99Ms: 40 });
  });
});
