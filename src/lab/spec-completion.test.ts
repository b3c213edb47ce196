import { describe, expect, it } from 'vitest';
import { specJsonSchema } from '../advisor/spec/json-schema.js';
import { completeSpec } from './spec-completion.js';

const schema = specJsonSchema();
/** Completes at the `|` in `text`. */
const complete = (text: string) => completeSpec(text.replace('|', ''), text.indexOf('|'), schema);
const inserts = (text: string) => complete(text).items.map((entry) => entry.insert);

describe('completeSpec', () => {
  it('offers the top-level fields, with their descriptions, minus those already written', () => {
    const result = complete('system:\n  name: shop\n|');
    expect(result.items.map((entry) => entry.insert)).toEqual(expect.arrayContaining(['entities', 'workflows', 'calls', 'caches']));
    expect(result.items.map((entry) => entry.insert)).not.toContain('system');
    expect(inserts('ent|')).toEqual(['entities']);
  });

  it("offers a nested mapping's fields where the cursor is indented", () => {
    const result = complete('system:\n  name: shop\n  plat|');
    expect(result.items).toEqual([expect.objectContaining({ insert: 'platform', kind: 'field', detail: expect.stringContaining('discovery') })]);
    expect(result).toMatchObject({ from: 'system:\n  name: shop\n  '.length, to: 'system:\n  name: shop\n  plat'.length });
  });

  it("offers a list item's fields, in the item's first line and below it", () => {
    expect(inserts('entities:\n  - name: stock\n    serv|')).toEqual(['service']);
    expect(inserts('entities:\n  - name: stock\n    service: inventory\n  - na|')).toEqual(['name']);
    expect(inserts('workflows:\n  - name: checkout\n    steps:\n      - name: a\n        compen|')).toEqual(['compensation']);
    // A block sequence need not be indented under its key.
    expect(inserts('entities:\n- name: stock\n  serv|')).toEqual(['service']);
  });

  it('offers the values an enum allows, and true/false', () => {
    expect(inserts('system:\n  platform: |')).toEqual(['kubernetes', 'virtual-machines', 'serverless']);
    expect(inserts('system:\n  platform: k|')).toEqual(['kubernetes']);
    expect(inserts('entities:\n  - name: stock\n    money: |')).toEqual(['true', 'false']);
    expect(inserts('entities:\n  - name: stock\n    consistency: lin|')).toEqual(['linearizable']);
  });

  it('offers nothing in a comment, under a scalar, or in a flow mapping, and refuses an offset outside the text', () => {
    expect(inserts('# sys|')).toEqual([]);
    expect(inserts('system: shop\n  na|')).toEqual([]);
    expect(inserts('system: { na|')).toEqual([]);
    expect(() => completeSpec('abc', 4, schema)).toThrow(RangeError);
    expect(() => completeSpec('abc', -1, schema)).toThrow(/offset/);
  });
});
