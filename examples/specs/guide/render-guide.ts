// Regenerates docs/design.md from examples/specs/guide/design.md.template, filling in
//   {{file:PATH}}          the file's text
//   {{run:ARGS|MARKER}}    the real output of `pacelc ARGS` (from MARKER on, when given; CONFLICTS: up to the
//                          entities; ~TEXT: the verbose engine block holding TEXT)
// Run: npx tsx examples/specs/guide/render-guide.ts   (examples/specs/docs.test.ts checks the result)
import { readFileSync, writeFileSync } from 'node:fs';
import { commands } from '../../../src/cli/commands.js';
import { bufferIo } from '../../../src/cli/io.js';
import { main } from '../../../src/cli/main.js';

const root = new URL('../../../', import.meta.url).pathname;
const registry = commands.map((entry) => (entry.name === 'design' ? { ...entry, load: () => import('../../../src/cli/commands/design.js') } : entry));

export async function renderGuide(template: string): Promise<string> {
  let text = template.replace(/\{\{file:([^}]+)\}\}/g, (_, path: string) => readFileSync(root + path, 'utf8').trimEnd());
  for (const match of [...text.matchAll(/\{\{run:([^}|]+)(?:\|([^}]+))?\}\}/g)]) {
    const args = (match[1] ?? '').trim().split(/\s+/);
    const io = bufferIo({ cwd: root });
    const code = await main(args, io, registry);
    let output = io.out() + io.err();
    const marker = match[2];
    if (marker?.startsWith('~') === true) {
      // `~TEXT`: one engine's block of a verbose report, from the line holding TEXT to the next engine.
      const at = output.indexOf(marker.slice(1));
      const start = output.lastIndexOf('\n', at) + 1;
      const next = /\n {16}[✓✗] /g;
      next.lastIndex = at;
      const end = next.exec(output)?.index ?? output.length;
      output = `...\n${output.slice(start, end).trimEnd()}\n...\n`;
    } else if (marker === 'CONFLICTS') {
      output = `${output.slice(0, output.indexOf('\nENTITIES')).trimEnd()}\n...\n`;
    } else if (marker !== undefined) {
      const start = output.indexOf(marker);
      let end = output.indexOf('\n## ', start + marker.length);
      if (end < 0) end = output.length;
      output = `## ${output.slice(start, end).trimEnd()}\n...\n`;
    }
    text = text.replace(match[0], `\`\`\`\`console\n$ npx pacelc ${args.join(' ')}\n${output.trimEnd()}\n$ echo $?\n${code}\n\`\`\`\``);
  }
  return text;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const template = readFileSync(new URL('./design.md.template', import.meta.url), 'utf8');
  writeFileSync(`${root}docs/design.md`, await renderGuide(template));
  console.log('wrote docs/design.md');
}
