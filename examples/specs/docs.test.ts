// Every `npx pacelc design ...` block in docs/design.md shows real output: this test re-runs each
// command and compares. A line "..." in a block stands for omitted output; the parts around it
// must appear in order. When the output changes on purpose, regenerate the guide with
// `npx tsx examples/specs/guide/render-guide.ts`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/advisor/design-types.js';
import { allRules } from '../../src/advisor/rules/index.js';
import { specJsonSchema } from '../../src/advisor/spec/json-schema.js';
import { commands } from '../../src/cli/commands.js';
import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const root = new URL('../../', import.meta.url).pathname;
const registry = commands.map((entry) => (entry.name === 'design' ? { ...entry, load: () => import('../../src/cli/commands/design.js') } : entry));

interface Block {
  readonly args: string[];
  readonly expected: string;
  readonly code: number;
}

function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  for (const match of markdown.matchAll(/````console\n\$ npx pacelc (.+)\n([\s\S]*?)\$ echo \$\?\n(\d+)\n````/g)) {
    found.push({ args: (match[1] ?? '').split(' '), expected: match[2] ?? '', code: Number(match[3]) });
  }
  return found;
}

describe('docs/design.md', () => {
  const markdown = readFileSync(`${root}docs/design.md`, 'utf8');
  const all = blocks(markdown);

  it('has the guide’s commands', () => {
    expect(all.length).toBeGreaterThanOrEqual(4);
  });

  for (const block of all) {
    it(`pacelc ${block.args.join(' ')} prints what the guide shows`, async () => {
      const io = bufferIo({ cwd: root });
      expect(await main(block.args, io, registry)).toBe(block.code);
      const actual = io.out() + io.err();
      let from = 0;
      for (const part of block.expected.split(/^\.\.\.\n/m)) {
        const index = actual.indexOf(part, from);
        expect(index, `missing from the real output:\n${part}`).toBeGreaterThanOrEqual(0);
        from = index + part.length;
      }
    });
  }

  it('is what examples/specs/guide/render-guide.ts makes of its template', async () => {
    const { renderGuide } = await import('./guide/render-guide.js');
    expect(await renderGuide(readFileSync(`${root}examples/specs/guide/design.md.template`, 'utf8'))).toBe(markdown);
  });

  it('shows every spec file it names as it is', () => {
    const first = readFileSync(`${root}examples/specs/guide/first.yaml`, 'utf8').trimEnd();
    expect(markdown).toContain(first);
  });
});

/** Every field path of the spec's JSON Schema, e.g. `entities[].latency.writeP99Ms`. */
function schemaPaths(node: unknown, path = '', out = new Set<string>()): Set<string> {
  if (node === null || typeof node !== 'object') return out;
  const schema = node as { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };
  for (const [key, value] of Object.entries(schema.properties ?? {})) {
    const child = path === '' ? key : `${path}.${key}`;
    out.add(child);
    schemaPaths(value, child, out);
  }
  if (schema.items !== undefined && !Array.isArray(schema.items)) schemaPaths(schema.items, `${path}[]`, out);
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) schemaPaths(branch, path, out);
  return out;
}

describe('docs/spec-reference.md', () => {
  it('documents every field of the spec schema', () => {
    const reference = readFileSync(`${root}docs/spec-reference.md`, 'utf8');
    const missing = [...schemaPaths(specJsonSchema())].filter((path) => !reference.includes(`\`${path}\``));
    expect(missing).toEqual([]);
  });
});

describe('docs/design-json.md', () => {
  const text = readFileSync(`${root}docs/design-json.md`, 'utf8');

  it('lists every rule id, and names no rule that does not exist', () => {
    const ids = new Set(allRules.map((rule) => rule.id));
    expect(ids.size).toBe(allRules.length);
    for (const id of ids) expect(text).toContain(`\`${id}\``);
    const guide = readFileSync(`${root}docs/design.md`, 'utf8');
    const named = [...`${text}\n${guide}`.matchAll(/(?<![.?\w])((?:consistency|replication|partitioning|caching|pacelc|failover|saga|call|discovery|monitoring|warning|conflict)\.[a-z0-9-]+)\b/g)].map((match) => match[1]);
    expect(named.filter((id) => id !== undefined && !ids.has(id))).toEqual([]);
  });

  it('shows a real decision', async () => {
    const block = /```json\n([\s\S]*?)\n```/.exec(text)?.[1];
    const io = bufferIo({ cwd: root });
    await main(['design', 'examples/specs/guide/first.yaml', '--format', 'json'], io, registry);
    const design = JSON.parse(io.out()) as Design;
    expect(JSON.parse(block ?? 'null')).toEqual(design.entities[1]?.pacelc);
  });
});
