import type { Decision, Design } from '../design-types.js';
import { failoverBrief, replicationBrief } from './names.js';
import { renderMermaid } from './mermaid.js';
import { citationText } from './text.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function decisionBlock<Choice>(label: string, made: Decision<Choice>): string[] {
  const lines = [`**${label}: ${made.summary}** \`${made.ruleId}\``, '', `- Why: ${made.why}`, `- Trade-off: ${made.tradeOff}`];
  if (made.alternatives.length > 0) {
    lines.push('- Rejected:');
    for (const alternative of made.alternatives) lines.push(`  - ${alternative.choice}: ${alternative.whyRejected}`);
  }
  if (made.sources.length > 0) lines.push(`- Sources: ${made.sources.map(citationText).join('; ')}`);
  lines.push('');
  return lines;
}

/**
 * The design as a Markdown document: a summary table, conflicts, every decision in full, engine
 * settings as tables, warnings, and the Mermaid diagrams.
 *
 * @example
 * ```ts
 * writeFileSync('DESIGN.md', renderMarkdown(design(spec)));
 * ```
 */
export function renderMarkdown(result: Design): string {
  const lines: string[] = [`# Design: ${result.system.name}`, '', `Regions: ${result.system.regions.map((region) => `${region.name} (${region.area})`).join(', ')}`, ''];
  lines.push('| entity | consistency | replication | partitioning | PACELC | RPO / RTO |', '| --- | --- | --- | --- | --- | --- |');
  for (const entity of result.entities) {
    const partitioning = entity.partitioning.choice.strategy === 'none' ? 'none' : `${entity.partitioning.choice.strategy} on ${entity.partitioning.choice.key}`;
    lines.push(`| ${cell(entity.name)} | ${entity.consistency.choice} | ${cell(replicationBrief(entity))} | ${cell(partitioning)} | ${entity.pacelc.choice.label} | ${cell(failoverBrief(entity))} |`);
  }
  lines.push('');
  if (result.conflicts.length > 0) {
    lines.push(`## Conflicts (${result.conflicts.length})`, '', 'Requirements that cannot all hold. `pacelc design` exits with code 1 until they are resolved.', '');
    for (const conflict of result.conflicts) {
      lines.push(`### ${conflict.subject}: ${conflict.requirements.map((requirement) => `\`${requirement}\``).join(' + ')}`, '', conflict.explanation, '', 'Ways out:', '');
      for (const option of conflict.options) lines.push(`- ${option}`);
      lines.push('', `Rule \`${conflict.ruleId}\`. Sources: ${conflict.sources.map(citationText).join('; ')}`, '');
    }
  }
  lines.push('## Entities', '');
  for (const entity of result.entities) {
    lines.push(`### ${entity.name} (service: ${entity.service})`, '');
    lines.push(...decisionBlock('Consistency', entity.consistency), ...decisionBlock('Replication', entity.replication));
    if (entity.quorum !== undefined) lines.push(`Quorum: ${entity.quorum.summary}`, '', ...entity.quorum.caveats.map((caveat) => `- ${caveat}`), '');
    lines.push(...decisionBlock('Partitioning', entity.partitioning));
    for (const cache of entity.caching) lines.push(...decisionBlock(`Caching (${cache.choice.readPath})`, cache));
    lines.push(...decisionBlock('PACELC', entity.pacelc), ...decisionBlock('Failover', entity.failover));
    if (entity.deletes !== undefined) lines.push(...decisionBlock('Deletes', entity.deletes));
    if (entity.engines.length > 0) {
      lines.push('Engine settings:', '', '| engine | versions | settings | delivers | caveats |', '| --- | --- | --- | --- | --- |');
      for (const engine of entity.engines) {
        const settings = engine.parameters.map((parameter) => `\`${parameter.name} = ${parameter.value}\` (${parameter.scope})`).join('<br>');
        lines.push(`| ${engine.engine} | ${cell(engine.versions)} | ${cell(settings)} | ${engine.delivers} ${engine.meetsRequest ? '✓' : '✗'} | ${cell(engine.caveats.join(' '))} |`);
      }
      lines.push('');
    }
  }
  if (result.workflows.length > 0) {
    lines.push('## Workflows', '');
    for (const workflow of result.workflows) {
      lines.push(`### ${workflow.name}`, '', '| # | step | service | kind | compensation | idempotency key | timeout |', '| --- | --- | --- | --- | --- | --- | --- |');
      workflow.steps.forEach((step, index) => lines.push(`| ${index + 1} | ${step.name} | ${step.service} | ${step.kind} | ${step.compensation ?? '—'} | \`${step.idempotencyKey}\` | ${step.timeoutMs} ms |`));
      lines.push('', ...decisionBlock('Coordination', workflow.coordination), ...decisionBlock('Compensation', workflow.compensation), ...decisionBlock('Messaging', workflow.messaging), ...decisionBlock('Deadline', workflow.deadline));
    }
  }
  if (result.calls.length > 0) {
    lines.push('## Calls', '');
    for (const call of result.calls) {
      lines.push(`### ${call.from} → ${call.to}${call.operation === undefined ? '' : ` (${call.operation})`}`, '');
      lines.push(...decisionBlock('Timeout', call.timeout), ...decisionBlock('Retry', call.retry), ...decisionBlock('Circuit breaker', call.breaker), ...decisionBlock('Bulkhead', call.bulkhead), ...decisionBlock('Fallback', call.fallback));
    }
  }
  lines.push('## System', '', ...decisionBlock('Service discovery', result.systemDecisions.discovery));
  lines.push('Monitoring:', '', '| subject | signal | alert when |', '| --- | --- | --- |');
  for (const monitor of result.systemDecisions.monitoring.choice) lines.push(`| ${cell(monitor.subject)} | ${cell(monitor.signal)} | ${cell(monitor.alertWhen)} |`);
  lines.push('');
  if (result.warnings.length > 0) {
    lines.push(`## Warnings (${result.warnings.length})`, '');
    for (const warning of result.warnings) lines.push(`- **${warning.subject}** (\`${warning.ruleId}\`): ${warning.message} *Fix:* ${warning.fix}`);
    lines.push('');
  }
  lines.push('## Diagrams', '', renderMermaid(result).replace(/^## /gm, '### '));
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
