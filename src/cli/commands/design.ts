import { writeFile } from 'node:fs/promises';
import { oneOf, parseArguments } from '../arguments.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { outputFile } from '../output-path.js';
import { inputName, readInputFile } from '../read-input.js';
import { UsageError } from '../usage-error.js';

const formats = ['text', 'markdown', 'json', 'mermaid'] as const;
type Format = (typeof formats)[number];

const help = `usage: pacelc design SPEC [--format text|markdown|json|mermaid] [--out FILE] [--html FILE] [--verbose] [--strict]
       pacelc design --rules [--format text|json]

Turns a system's requirements (a YAML or JSON spec) into a reasoned design: per entity the
consistency model, replication, partitioning, caching, PACELC class, RPO/RTO and engine settings;
per workflow the saga; per call timeouts, retries, breakers and bulkheads; discovery and
monitoring; the anti-patterns found and the requirements that contradict one another.
SPEC is a file, or - to read the spec from standard input.

options:
  --format F   text (default; colour on a terminal), markdown, json (stable schema, see
               docs/design-json.md) or mermaid (diagrams as Markdown with mermaid blocks)
  --out FILE   write the design to FILE instead of standard output
  --html FILE  also write the design as one HTML page (opens offline): services and stores,
               replication across regions, each saga, every decision's why, trade-off and
               sources a click away (see docs/lab.md)
  --verbose    text format: every rejected alternative with its reason, every source,
               every engine with its first caveat
  --strict     also exit 1 when there are warnings (anti-patterns)
  --rules      list every rule (the ids printed beside each decision) with its sources
  -h, --help   show this help

exit codes: 0 design produced; 1 the requirements contradict one another (the report's
CONFLICTS section says which and how to resolve them), or warnings with --strict;
2 the spec is malformed (every problem listed as file:line:col) or a usage error.

example: pacelc design examples/specs/e-commerce.yaml
`;

/** `pacelc design SPEC`: see {@link help}. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArguments(args, {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    html: { type: 'string' },
    strict: { type: 'boolean' },
    rules: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' },
  });
  if (parsed.values.help === true) {
    io.stdout(help);
    return ExitCode.ok;
  }
  if (parsed.values.rules === true) return listRules(parsed.values.format ?? 'text', io);
  const [file, ...extra] = parsed.positionals;
  if (file === undefined) throw new UsageError('missing the spec file, e.g. pacelc design examples/specs/e-commerce.yaml');
  if (extra.length > 0) throw new UsageError(`one spec at a time; unexpected ${extra.map((value) => `"${value}"`).join(', ')}`);
  const format = oneOf('--format', parsed.values.format ?? 'text', formats);
  const target = parsed.values.out === undefined ? undefined : outputFile('--out', parsed.values.out, io.cwd);
  const htmlTarget = parsed.values.html === undefined ? undefined : outputFile('--html', parsed.values.html, io.cwd);
  if (htmlTarget !== undefined && htmlTarget === target) throw new UsageError('--html and --out name the same file; give each its own');

  // Start loading the advisor while the file is read; load the renderer alongside.
  const modules = Promise.all([import('../../advisor/spec/parse.js'), import('../../advisor/design.js')]);
  const renderer = render(format);
  const text = await readInputFile(file, io.cwd, io.stdin);
  const [{ parseSpec }, { design }] = await modules;
  const result = design(parseSpec(text, { file: inputName(file) }));
  const output = (await renderer)(result, { color: parsed.values.out === undefined && io.color, verbose: parsed.values.verbose === true });
  if (target === undefined) io.stdout(output);
  else {
    await writeFile(target, output, 'utf8');
    const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
    io.stderr(`pacelc design: wrote ${parsed.values.out} (${plural(result.conflicts.length, 'conflict')}, ${plural(result.warnings.length, 'warning')})\n`);
  }
  if (htmlTarget !== undefined) {
    // The lab (and its front end) loads only when a page is asked for.
    const { renderDesignReport } = await import('../../lab/design-report.js');
    const html = renderDesignReport(result);
    await writeFile(htmlTarget, html, 'utf8');
    io.stderr(`pacelc design: wrote ${parsed.values.html} (open it in a browser; it needs no network)\n`);
  }
  if (result.conflicts.length > 0) return ExitCode.violated;
  if (parsed.values.strict === true && result.warnings.length > 0) return ExitCode.violated;
  return ExitCode.ok;
}

type Renderer = (result: import('../../advisor/design-types.js').Design, options: { color: boolean; verbose: boolean }) => string;

/** Loads only the renderer the format needs. */
async function render(format: Format): Promise<Renderer> {
  switch (format) {
    case 'text':
      return (await import('../../advisor/render/text.js')).renderText;
    case 'markdown':
      return (await import('../../advisor/render/markdown.js')).renderMarkdown;
    case 'json':
      return (await import('../../advisor/render/json.js')).renderJson;
    case 'mermaid':
      return (await import('../../advisor/render/mermaid.js')).renderMermaid;
  }
}

/** `pacelc design --rules`: every rule with its kind, title and sources. */
async function listRules(format: string, io: CliIo): Promise<number> {
  if (format !== 'text' && format !== 'json') throw new UsageError(`--rules prints text or json, received --format "${format}"`);
  const [{ allRules }, { citationText }] = await Promise.all([import('../../advisor/rules/index.js'), import('../../advisor/render/text.js')]);
  if (format === 'json') {
    io.stdout(`${JSON.stringify(allRules, null, 2)}\n`);
    return ExitCode.ok;
  }
  const lines: string[] = [];
  for (const kind of ['decision', 'warning', 'conflict'] as const) {
    lines.push(`${kind === 'decision' ? 'DECISIONS' : kind === 'warning' ? 'WARNINGS (anti-patterns)' : 'CONFLICTS (contradictory requirements)'}`);
    for (const rule of allRules.filter((candidate) => candidate.kind === kind)) {
      lines.push(`  ${rule.id}: ${rule.title}`);
      for (const source of rule.sources) lines.push(`      ${citationText(source)}`);
    }
    lines.push('');
  }
  io.stdout(lines.join('\n'));
  return ExitCode.ok;
}
