import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { specJsonSchema, specJsonSchemaPath } from './json-schema.js';

const root = new URL('../../../', import.meta.url).pathname;
const file = `${root}${specJsonSchemaPath}`;
const current = `${JSON.stringify(specJsonSchema(), null, 2)}\n`;

describe('the published JSON Schema', () => {
  it(`${specJsonSchemaPath} is generated from the zod schema and current (PACELC_UPDATE_SCHEMA=1 regenerates it)`, () => {
    if (process.env.PACELC_UPDATE_SCHEMA === '1' || !existsSync(file)) writeFileSync(file, current);
    expect(readFileSync(file, 'utf8')).toBe(current);
  });

  it('describes the top level, rejects unknown fields, and documents fields for editors', () => {
    const schema = specJsonSchema() as { required: string[]; additionalProperties: boolean; properties: Record<string, { description?: string }> };
    expect(schema.required).toEqual(['system', 'entities']);
    expect(schema.additionalProperties).toBe(false);
    const text = JSON.stringify(schema);
    expect(text).toContain('Double booking or overselling is unacceptable');
    expect(text).toContain('"multi-region"');
  });
});
