import type { Decision, Design, EntityDesign } from '../design-types.js';
import { satisfies } from '../engines/models.js';
import type { Citation } from '../sources.js';
import { replicationBrief } from './names.js';

/** Options of {@link renderText}, e.g. `{ color: true, verbose: false }`. */
export interface TextOptions {
  /** ANSI colour (the CLI passes `io.color`). */
  readonly color?: boolean;
  /**
   * Every rejected alternative with its reason, every source, and every engine with its settings,
   * unmet requirements and every caveat. Without it the report names the alternatives, leaves
   * sources to the Markdown and JSON formats, and lists the engines that meet every requirement
   * (✓) and those that do not, with the first reason (✗).
   */
  readonly verbose?: boolean;
}

interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

function paint(color: boolean): Paint {
  const wrap = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39) };
}

/**
 * A citation on one line.
 *
 * @example
 * ```ts
 * citationText(ddiaChapter(5, 'Replication')); // 'Kleppmann, Designing Data-Intensive Applications (O’Reilly, 2017), ch. 5, Replication'
 * ```
 */
export function citationText(citation: Citation): string {
  return `${citation.title}${citation.detail === undefined ? '' : `, ${citation.detail}`}${citation.url === undefined ? '' : ` <${citation.url}>`}`;
}

/**
 * The design as a terminal report: conflicts first, then each entity, workflow and call with
 * every decision's choice, rule, reason, trade-off, rejected alternatives and sources, then the
 * system decisions and the warnings.
 *
 * @example
 * ```ts
 * process.stdout.write(renderText(design(spec), { color: process.stdout.isTTY }));
 * ```
 */
export function renderText(result: Design, options: TextOptions = {}): string {
  const p = paint(options.color ?? false);
  const verbose = options.verbose ?? false;
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  const regions = result.system.regions.map((region) => `${region.name} (${region.area})`).join(', ');
  push(p.bold(`pacelc design: ${result.system.name}`), p.dim(`regions: ${regions}`), '');
  push(
    `${count(result.entities.length, 'entity', 'entities')}, ${count(result.workflows.length, 'workflow')}, ${count(result.calls.length, 'call')} — ` +
      `${result.conflicts.length === 0 ? p.green('no conflicts') : p.red(`${result.conflicts.length} conflict${result.conflicts.length === 1 ? '' : 's'}`)}, ` +
      `${result.warnings.length === 0 ? p.green('no warnings') : p.yellow(`${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}`)}`,
    '',
  );

  const nameWidth = Math.max(...result.entities.map((entity) => entity.name.length));
  const modelWidth = Math.max(...result.entities.map((entity) => entity.consistency.choice.length));
  const deliveredWidth = Math.max(...result.entities.map((entity) => deliveredText(entity).length));
  push(`${p.bold('AT A GLANCE')} ${p.dim('(required: what the requirements need; delivers: what this design gives)')}`);
  for (const entity of result.entities) {
    const delivered = deliveredText(entity);
    const short = delivered.startsWith('✗');
    const head = `  ${entity.name.padEnd(nameWidth)}  ${entity.pacelc.choice.label}  required ${entity.consistency.choice.padEnd(modelWidth)}  delivers ${delivered.padEnd(deliveredWidth)}  `;
    const painted = head.replace(entity.name, p.cyan(entity.name)).replace(delivered, short ? p.red(delivered) : delivered);
    const brief = wrap(replicationBrief(entity), head.length);
    push(`${painted}${(brief[0] ?? '').trimStart()}`, ...brief.slice(1));
  }
  push('');

  if (result.conflicts.length > 0) {
    push(p.red(p.bold('CONFLICTS — requirements that cannot all hold (exit code 1)')));
    for (const conflict of result.conflicts) {
      push(`${p.red('✖')} ${p.bold(conflict.subject)}: ${conflict.requirements.join(' + ')} ${p.dim(`[${conflict.ruleId}]`)}`);
      push(...wrap(conflict.explanation, 4));
      push('    ways out:');
      for (const option of conflict.options) push(...wrap(`- ${option}`, 6, 8));
      for (const source of conflict.sources) push(...wrap(`source: ${citationText(source)}`, 4, 6).map((line) => p.dim(line)));
      push('');
    }
  }

  push(p.bold('ENTITIES'));
  for (const entity of result.entities) renderEntity(entity, p, push, verbose);

  if (result.workflows.length > 0) {
    push(p.bold('WORKFLOWS'));
    for (const workflow of result.workflows) {
      push(`${p.cyan(p.bold(workflow.name))}`);
      decision(p, push, verbose, 'coordination', workflow.coordination);
      const steps = workflow.steps.map((step) => `${step.name}@${step.service} [${step.kind}${step.compensation === undefined ? '' : `, undo: ${step.compensation}`}]`).join(' → ');
      push(...emphasize(wrap(`${'steps'.padEnd(13)} ${steps}`, 2, 16), 'steps', p));
      decision(p, push, verbose, 'compensation', workflow.compensation);
      decision(p, push, verbose, 'messaging', workflow.messaging);
      decision(p, push, verbose, 'deadline', workflow.deadline);
      push('');
    }
  }

  if (result.calls.length > 0) {
    push(p.bold('CALLS'));
    for (const call of result.calls) {
      push(p.cyan(p.bold(`${call.from} → ${call.to}${call.operation === undefined ? '' : ` (${call.operation})`}`)));
      decision(p, push, verbose, 'timeout', call.timeout);
      decision(p, push, verbose, 'retry', call.retry);
      decision(p, push, verbose, 'breaker', call.breaker);
      decision(p, push, verbose, 'bulkhead', call.bulkhead);
      decision(p, push, verbose, 'fallback', call.fallback);
      push('');
    }
  }

  push(p.bold('SYSTEM'));
  decision(p, push, verbose, 'discovery', result.systemDecisions.discovery);
  const monitoring = result.systemDecisions.monitoring;
  push(`  ${'monitor'.padEnd(13)} ${monitoring.summary} ${p.dim(`[${monitoring.ruleId}]`)}`);
  for (const monitor of monitoring.choice) push(...wrap(`- ${monitor.subject}: ${monitor.signal}; alert when ${monitor.alertWhen}`, 16, 18));
  push('');

  if (result.warnings.length > 0) {
    push(p.yellow(p.bold('WARNINGS — anti-patterns found')));
    for (const warning of result.warnings) {
      push(`${p.yellow('⚠')} ${p.bold(warning.subject)} ${p.dim(`[${warning.ruleId}]`)}`);
      push(...wrap(warning.message, 4));
      push(...wrap(`fix: ${warning.fix}`, 4));
      for (const source of warning.sources) push(...wrap(`source: ${citationText(source)}`, 4, 6).map((line) => p.dim(line)));
      push('');
    }
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function renderEntity(entity: EntityDesign, p: Paint, push: (...lines: string[]) => void, verbose: boolean): void {
  push(`${p.cyan(p.bold(entity.name))} ${p.dim(`(service: ${entity.service})`)}`);
  decision(p, push, verbose, 'consistency', entity.consistency);
  decision(p, push, verbose, 'replication', entity.replication);
  if (entity.quorum !== undefined) {
    push(...wrap(`quorum: ${entity.quorum.summary}`, 16));
    for (const caveat of entity.quorum.caveats) push(...wrap(`- ${caveat}`, 16, 18));
  }
  decision(p, push, verbose, 'partitioning', entity.partitioning);
  for (const cache of entity.caching) decision(p, push, verbose, 'caching', cache);
  decision(p, push, verbose, 'PACELC', entity.pacelc);
  decision(p, push, verbose, 'failover', entity.failover);
  if (entity.deletes !== undefined) decision(p, push, verbose, 'deletes', entity.deletes);
  if (entity.engines.length > 0) {
    if (verbose) {
      push(`  ${p.bold('engines'.padEnd(13))} ${p.dim('(✓ delivers the model, ✗ comes closest but does not)')}`);
      for (const engine of entity.engines) {
        const mark = engine.meetsRequest ? p.green('✓') : p.red('✗');
        const settings = engine.parameters.map((parameter) => `${parameter.name}=${parameter.value}`).join('; ');
        push(...wrap(`${mark} ${engine.engine} (${engine.versions}) → ${engine.delivers}: ${settings}`, 16, 18));
        for (const gap of engine.gaps ?? []) push(...wrap(`✗ unmet: ${gap}`, 18, 20).map((line) => p.red(line)));
        for (const caveat of engine.caveats) push(...wrap(`caveat: ${caveat}`, 18, 20).map((line) => p.dim(line)));
      }
    } else {
      const meets = entity.engines.filter((engine) => engine.meetsRequest).map((engine) => engine.engine);
      const short = entity.engines.filter((engine) => !engine.meetsRequest).map((engine) => `${engine.engine} (${shortfall(entity, engine)})`);
      const line = `engines       ✓ ${meets.join(', ') || 'none'}${short.length > 0 ? `; ✗ ${short.join(', ')}` : ''}`;
      push(...emphasize(wrap(line, 2, 16), 'engines', p));
      push(p.dim(`                settings, caveats and versions per engine: --verbose or --format markdown`));
    }
  }
  push('');
}

/** `linearizable`, or `✗ eventual` when the design delivers less than required. */
function deliveredText(entity: EntityDesign): string {
  return entity.delivers.consistency === entity.consistency.choice ? entity.delivers.consistency : `✗ ${entity.delivers.consistency}`;
}

/** Why an engine is ✗ in a few words: the weaker model it delivers, else its first unmet requirement. */
function shortfall(entity: EntityDesign, engine: EntityDesign['engines'][number]): string {
  if (!satisfies(engine.delivers, entity.consistency.choice)) return engine.delivers;
  const gap = engine.gaps?.[0];
  if (gap === undefined) return engine.delivers;
  const first = gap.split(/[:;.]\s/)[0] ?? gap;
  return first.length > 60 ? `${first.slice(0, 57)}...` : first;
}

/** Bolds the label on the first line and dims a trailing `[rule.id]`. */
function emphasize(lines: string[], label: string, p: Paint): string[] {
  return lines.map((line, index) => {
    let painted = index === 0 ? line.replace(label, p.bold(label)) : line;
    if (index === lines.length - 1) painted = painted.replace(/\[([a-z0-9.-]+)\]$/, (match) => p.dim(match));
    return painted;
  });
}

function decision<Choice>(p: Paint, push: (...lines: string[]) => void, verbose: boolean, label: string, made: Decision<Choice>): void {
  push(...emphasize(wrap(`${label.padEnd(13)} ${made.summary} [${made.ruleId}]`, 2, 16), label, p));
  push(...wrap(`why: ${made.why}`, 16));
  push(...wrap(`trade-off: ${made.tradeOff}`, 16));
  if (made.alternatives.length > 0) {
    const rejected = verbose ? made.alternatives.map((alternative) => `${alternative.choice} (${alternative.whyRejected})`).join('; ') : made.alternatives.map((alternative) => alternative.choice).join(', ');
    push(...wrap(`rejected: ${rejected}`, 16).map((line) => p.dim(line)));
  }
  if (verbose && made.sources.length > 0) push(...wrap(`sources: ${made.sources.map(citationText).join('; ')}`, 16).map((line) => p.dim(line)));
}

/** `1 entity`, `2 entities`. */
function count(value: number, singular: string, plural = `${singular}s`): string {
  return `${value} ${value === 1 ? singular : plural}`;
}

/** Wraps text at 110 columns with a hanging indent. */
function wrap(text: string, indent: number, continuation = indent, width = 110): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = ' '.repeat(indent);
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = ' '.repeat(continuation) + word;
    } else {
      line += empty ? word : ` ${word}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}
