// Every `npx pacelc design ...` block in docs/design.md shows real output: this test re-runs each
// command and compares. A line "..." in a block stands for omitted output; the parts around it
// must appear in order.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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

  it('shows every spec file it names as it is', () => {
    const first = readFileSync(`${root}examples/specs/guide/first.yaml`, 'utf8').trimEnd();
    expect(markdown).toContain(first);
  });
});
