// The advisor from code: parse a spec, design it, look at a decision, render Markdown.
// Run: npx tsx examples/specs/from-code.ts
import { readFileSync } from 'node:fs';
import { design, parseSpec, renderMarkdown } from 'pacelc/advisor';

export function main(): string[] {
  const file = new URL('./bank-ledger.yaml', import.meta.url);
  const spec = parseSpec(readFileSync(file, 'utf8'), { file: 'bank-ledger.yaml' }); // throws InputError listing every problem
  const result = design(spec);
  const lines = result.entities.map(
    (entity) => `${entity.name}: ${entity.consistency.choice}, ${entity.pacelc.choice.label} [${entity.consistency.ruleId}]`,
  );
  const markdown = renderMarkdown(result);
  lines.push(`markdown: ${(markdown.match(/^## /gm) ?? []).length} sections, ${result.warnings.length} warnings, ${result.conflicts.length} conflicts`);
  return lines;
}

if (process.argv[1] === new URL(import.meta.url).pathname) for (const line of main()) console.log(line);
