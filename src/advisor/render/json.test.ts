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
});
