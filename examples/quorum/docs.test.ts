// The outputs pasted in docs/quorum.md and docs/engines.md are what the code prints today.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommandEntry } from '../../src/cli/command.js';
import { commands } from '../../src/cli/commands.js';
import { bufferIo } from '../../src/cli/io.js';
import { main as cli } from '../../src/cli/main.js';
import { main as engineMatrix } from './engine-matrix.js';
import { main as engineRequirements } from './engine-requirements.js';
import { main as engineSettings } from './engine-settings.js';
import { main as multiRegionWrites } from './multi-region-writes.js';
import { main as quorumTable } from './quorum-table.js';

const quorumEntry = commands.find((command) => command.name === 'quorum') as CommandEntry;
const registry: readonly CommandEntry[] = [{ ...quorumEntry, load: () => import('../../src/cli/commands/quorum.js') }];
const examples: Record<string, () => string[]> = {
  'examples/quorum/quorum-table.ts': quorumTable,
  'examples/quorum/engine-settings.ts': engineSettings,
  'examples/quorum/engine-matrix.ts': engineMatrix,
  'examples/quorum/engine-requirements.ts': engineRequirements,
  'examples/quorum/multi-region-writes.ts': multiRegionWrites,
};

/** Each ```sh block followed by a plain ``` output block: the commands and the pasted output. */
function transcripts(markdown: string): { commands: string[]; output: string }[] {
  const found: { commands: string[]; output: string }[] = [];
  const pattern = /```sh\n([\s\S]*?)```\n\n```(?:json)?\n([\s\S]*?)```/g;
  for (const match of markdown.matchAll(pattern)) {
    found.push({ commands: (match[1] ?? '').trim().split('\n'), output: match[2] ?? '' });
  }
  return found;
}

async function runCommand(line: string): Promise<string> {
  const pacelc = /^npx pacelc (.*?)(?:; echo "exit \$\?")?$/.exec(line);
  if (pacelc !== null) {
    const io = bufferIo();
    const code = await cli((pacelc[1] ?? '').split(' '), io, registry);
    return `${io.out()}${io.err()}${line.includes('echo "exit') ? `exit ${code}\n` : ''}`;
  }
  const tsx = /^npx tsx (\S+)$/.exec(line);
  const example = tsx === null ? undefined : examples[tsx[1] ?? ''];
  if (example !== undefined) return `${example().join('\n')}\n`;
  throw new Error(`the docs test does not know how to run: ${line}`);
}

describe.each(['docs/quorum.md', 'docs/engines.md'])('%s', (path) => {
  const markdown = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const blocks = transcripts(markdown);

  it('has transcripts', () => expect(blocks.length).toBeGreaterThan(2));

  it.each(blocks.map((block, index) => [index, block] as const))('transcript %i matches what the code prints', async (_index, block) => {
    let actual = '';
    for (const command of block.commands) actual += await runCommand(command);
    if (block.output.includes('"caveats": [')) {
      // The JSON in docs/quorum.md shortens the caveats; compare everything else.
      const pasted = JSON.parse(block.output) as Record<string, unknown>;
      const printed = JSON.parse(actual) as Record<string, unknown>;
      expect({ ...printed, caveats: [] }).toEqual({ ...pasted, caveats: [] });
      return;
    }
    // Pasted excerpts (a few lines of a longer report) must appear verbatim.
    expect(actual).toContain(block.output.trimEnd());
  });
});
