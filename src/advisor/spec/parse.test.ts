import { describe, expect, it } from 'vitest';
import { InputError, type InputProblem } from '../../errors.js';
import { parseSpec } from './parse.js';

function problemsOf(text: string): InputProblem[] {
  try {
    parseSpec(text, { file: 'spec.yaml' });
  } catch (error) {
    if (error instanceof InputError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the spec to be rejected');
}

const minimal = `system:
  name: shop
  regions: [us-east-1]
entities:
  - name: cart
    service: carts
    key: user_id
`;

describe('parseSpec', () => {
  it('accepts a minimal spec, in YAML and in JSON', () => {
    expect(parseSpec(minimal).entities[0]?.name).toBe('cart');
    const json = JSON.stringify({ system: { name: 's', regions: ['eu-west-1'] }, entities: [{ name: 'e', service: 's', key: 'id' }] });
    expect(parseSpec(json).system.name).toBe('s');
  });

  it('reports every problem at once with file:line:col, field, expected and found, and did-you-mean', () => {
    const text = `system:
  name: shop
  regions: [us-east-1, eu-west-1]
  availabilty: 99.9
entities:
  - name: ledger
    service: payments
    key: account_id
    money: yes please
    staleness: sometimes
    writes: multi-regoin
    latency:
      writeP99Ms: -5
  - name: cart
    servce: carts
    key: user_id
    staleness: { maxMS: 300 }
`;
    const problems = problemsOf(text);
    const byPath = Object.fromEntries(problems.map((found) => [found.path, found]));
    expect(byPath['system.availabilty']).toMatchObject({ file: 'spec.yaml', line: 4, column: 3, suggestion: 'availability' });
    expect(byPath['entities[0].money']).toMatchObject({ line: 9, column: 12 });
    expect(byPath['entities[0].money']?.message).toBe('expected true or false, found "yes please"');
    expect(byPath['entities[0].staleness']?.message).toMatch(/expected "none", "any" or a mapping .*found "sometimes"/);
    expect(byPath['entities[0].writes']).toMatchObject({ line: 11, column: 13, suggestion: 'multi-region' });
    expect(byPath['entities[0].latency.writeP99Ms']?.message).toBe('expected a number more than 0, found -5');
    expect(byPath['entities[1].servce']).toMatchObject({ line: 15, column: 5, suggestion: 'service' });
    expect(byPath['entities[1].service']?.message).toMatch(/missing required field/);
    expect(byPath['entities[1].staleness.maxMS']).toMatchObject({ line: 17, suggestion: 'maxMs' });
    // Sorted by position.
    const lines = problems.map((found) => found.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('says so when the spec is empty', () => {
    expect(problemsOf('# nothing yet\n')[0]).toMatchObject({ line: 1, column: 1, message: 'the spec is empty: expected a mapping with at least `system` and `entities`' });
  });

  it('reports YAML syntax errors with their position', () => {
    const problems = problemsOf('system:\n  name: [unclosed\nentities: 3\n');
    expect(problems[0]?.line).toBeGreaterThan(0);
    expect(problems[0]?.message).toMatch(/not valid YAML/);
  });

  it('checks that names refer to declared things, with did-you-mean', () => {
    const text = `system:
  name: shop
  regions: [us-east-1, eu-west-1]
  latency:
    - between: [us-east-1, eu-wset-1]
      rttMs: 80
services:
  - name: catalog
entities:
  - name: product
    service: catalog
    key: sku
    residency:
      - jurisdiction: EU
        regions: [eu-west-2]
    replication: { kind: leaderless, n: 3, w: 4, r: 1 }
caches:
  - name: product-page
    entity: prodcut
    freshness: { maxMs: 60000 }
calls:
  - from: catalgo
    to: catalog
    latency: { p99Ms: 10 }
    idempotent: true
`;
    const problems = problemsOf(text);
    expect(problems.find((found) => found.path === 'system.latency[0].between[1]')).toMatchObject({ line: 5, suggestion: 'eu-west-1' });
    expect(problems.find((found) => found.path === 'entities[0].residency[0].regions[0]')?.message).toMatch(/no region named "eu-west-2"/);
    expect(problems.find((found) => found.path === 'entities[0].replication.w')?.message).toMatch(/cannot exceed n/);
    expect(problems.find((found) => found.path === 'caches[0].entity')).toMatchObject({ line: 19, suggestion: 'product' });
    expect(problems.find((found) => found.path === 'calls[0].from')).toMatchObject({ suggestion: 'catalog' });
  });

  it('names the expected replication kinds when the discriminator is wrong', () => {
    const text = minimal + '    replication: { kind: leaderles, n: 3, w: 2, r: 2 }\n';
    const [found] = problemsOf(text);
    expect(found?.path).toBe('entities[0].replication.kind');
    expect(found?.suggestion).toBe('leaderless');
    expect(found?.line).toBe(8);
  });
});

describe('parseSpec reports names and shapes together', () => {
  it('checks references even when the schema fails elsewhere', () => {
    const text = `system:
  name: shop
  regions: [us-east-1]
  availability: lots
entities:
  - name: product
    service: catalog
    key: sku
caches:
  - name: page
    entity: prodcut
    freshness: any
`;
    const problems = problemsOf(text);
    expect(problems.map((found) => found.path)).toEqual(['system.availability', 'caches[0].entity']);
    expect(problems[1]?.suggestion).toBe('product');
  });

  it('does not invent reference problems for values of the wrong type', () => {
    const text = `system:
  name: shop
  regions: [us-east-1]
services: [{ name: catalog }]
entities:
  - name: product
    service: 42
    key: sku
`;
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe('expected a string, found 42');
  });
});
