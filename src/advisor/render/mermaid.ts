import type { Design } from '../design-types.js';
import { serviceNamesOfDesign } from './names.js';

/** One diagram: a title and its Mermaid source. */
export interface MermaidDiagram {
  readonly title: string;
  readonly source: string;
}

/** A Mermaid-safe node id. */
function id(prefix: string, name: string): string {
  return `${prefix}_${name}`.replace(/[^A-Za-z0-9_]/g, '_');
}

/** A Mermaid-safe label. */
function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/\n/g, '<br>')}"`;
}

/**
 * The design's diagrams: services and stores (with the calls' resilience settings), the
 * replication topology across regions, and each saga's flow with its compensations.
 *
 * @example
 * ```ts
 * for (const diagram of mermaidDiagrams(design(spec))) console.log(diagram.title, diagram.source);
 * ```
 */
export function mermaidDiagrams(result: Design): MermaidDiagram[] {
  return [servicesDiagram(result), replicationDiagram(result), ...result.workflows.map((workflow) => sagaDiagram(result, workflow.name))];
}

function servicesDiagram(result: Design): MermaidDiagram {
  const lines = ['flowchart LR'];
  for (const service of serviceNamesOfDesign(result)) lines.push(`  ${id('svc', service)}[${label(service)}]`);
  for (const entity of result.entities) {
    lines.push(`  ${id('db', entity.name)}[(${label(`${entity.name}\n${entity.consistency.choice}, ${entity.pacelc.choice.label}`)})]`);
    lines.push(`  ${id('svc', entity.service)} --> ${id('db', entity.name)}`);
  }
  for (const call of result.calls) {
    const retry = call.retry.choice.attempts > 1 ? `, ${call.retry.choice.attempts} attempts` : ', no retry';
    lines.push(`  ${id('svc', call.from)} -- ${label(`${call.operation ?? 'call'}: ${call.timeout.choice.timeoutMs} ms${retry}`)} --> ${id('svc', call.to)}`);
  }
  return { title: 'Services and stores', source: `${lines.join('\n')}\n` };
}

function replicationDiagram(result: Design): MermaidDiagram {
  const lines = ['flowchart LR'];
  const byRegion = new Map<string, string[]>();
  const edges: string[] = [];
  const add = (region: string, node: string) => byRegion.set(region, [...(byRegion.get(region) ?? []), node]);
  for (const entity of result.entities) {
    const design = entity.replication.choice;
    const choice = design.choice;
    // With residency, each jurisdiction's copies are drawn inside its own regions only.
    const groups = design.placements ?? [{ jurisdiction: '', regions: design.regions, leaderRegion: design.leaderRegion, crossRegionSynchronous: design.crossRegionSynchronous }];
    for (const group of groups) {
      const regions = group.regions.length > 0 ? group.regions : [result.system.regions[0]?.name ?? 'region'];
      const name = group.jurisdiction === '' ? entity.name : `${entity.name} ${group.jurisdiction}`;
      const key = group.jurisdiction === '' ? entity.name : `${entity.name}_${group.jurisdiction}`;
      switch (choice.kind) {
        case 'leader-follower': {
          const leaderRegion = group.leaderRegion ?? regions[0] ?? 'region';
          const leader = id(`${key}_leader`, leaderRegion);
          add(leaderRegion, `${leader}[${label(`${name} leader`)}]`);
          const sync = choice.synchronousAcks > 0 ? `${choice.mode} (${choice.synchronousAcks} ack${choice.synchronousAcks === 1 ? '' : 's'})` : 'async';
          const local = id(`${key}_followers`, leaderRegion);
          add(leaderRegion, `${local}[${label(`${name} followers`)}]`);
          // The synchronous acknowledgement comes from the other region when it crosses regions.
          edges.push(!group.crossRegionSynchronous && choice.synchronousAcks > 0 ? `  ${leader} == ${label(sync)} ==> ${local}` : `  ${leader} -. ${label('async')} .-> ${local}`);
          for (const region of regions.filter((candidate) => candidate !== leaderRegion)) {
            const follower = id(`${key}_replica`, region);
            add(region, `${follower}[${label(`${name} replica`)}]`);
            edges.push(group.crossRegionSynchronous ? `  ${leader} == ${label(sync)} ==> ${follower}` : `  ${leader} -. ${label('async')} .-> ${follower}`);
          }
          break;
        }
        case 'multi-leader': {
          const leaders = regions.map((region) => {
            const node = id(`${key}_leader`, region);
            add(region, `${node}[${label(`${name} leader`)}]`);
            return node;
          });
          for (let i = 0; i < leaders.length; i++) for (let j = i + 1; j < leaders.length; j++) edges.push(`  ${leaders[i]} <-. ${label(choice.conflictResolution)} .-> ${leaders[j]}`);
          break;
        }
        case 'leaderless': {
          const region = regions[0] ?? 'region';
          const node = id(`${key}_ring`, region);
          add(region, `${node}((${label(`${name}: N=${choice.n} W=${choice.w} R=${choice.r}${choice.sloppyQuorum ? ' sloppy' : ''}`)}))`);
          break;
        }
      }
    }
  }
  for (const [region, nodes] of byRegion) {
    lines.push(`  subgraph ${id('region', region)}[${label(region)}]`);
    for (const node of nodes) lines.push(`    ${node}`);
    lines.push('  end');
  }
  lines.push(...edges);
  return { title: 'Replication topology across regions', source: `${lines.join('\n')}\n` };
}

function sagaDiagram(result: Design, name: string): MermaidDiagram {
  const workflow = result.workflows.find((candidate) => candidate.name === name);
  const lines = ['flowchart LR'];
  if (workflow === undefined) return { title: name, source: 'flowchart LR\n' };
  const orchestrated = workflow.coordination.choice === 'orchestration';
  if (orchestrated) lines.push(`  ${id('orch', workflow.name)}{{${label(`${workflow.name} orchestrator\ndeadline ${workflow.deadline.choice.deadlineMs} ms`)}}}`);
  workflow.steps.forEach((step, index) => {
    const shape = step.kind === 'pivot' ? `{${label(`${step.name}\n${step.service} (pivot)`)}}` : `[${label(`${step.name}\n${step.service} (${step.kind})`)}]`;
    lines.push(`  ${id('step', step.name)}${shape}`);
    const previous = workflow.steps[index - 1];
    if (previous !== undefined) lines.push(`  ${id('step', previous.name)} -->|${label(orchestrated ? 'next' : 'event')}| ${id('step', step.name)}`);
    if (step.compensation !== undefined) {
      lines.push(`  ${id('undo', step.name)}[/${label(step.compensation)}/]`);
      lines.push(`  ${id('step', step.name)} -.->|${label('on failure')}| ${id('undo', step.name)}`);
    }
  });
  if (orchestrated && workflow.steps[0] !== undefined) lines.push(`  ${id('orch', workflow.name)} --> ${id('step', workflow.steps[0].name)}`);
  const compensated = workflow.steps.filter((step) => step.compensation !== undefined && step.kind === 'compensatable');
  for (let i = compensated.length - 1; i > 0; i--) {
    const later = compensated[i];
    const earlier = compensated[i - 1];
    if (later !== undefined && earlier !== undefined) lines.push(`  ${id('undo', later.name)} -.-> ${id('undo', earlier.name)}`);
  }
  lines.push(`  ${id('dlq', workflow.name)}[(${label(workflow.deadline.choice.deadLetter)})]`);
  const first = compensated[0];
  if (first !== undefined) lines.push(`  ${id('undo', first.name)} -.->|${label('compensation keeps failing')}| ${id('dlq', workflow.name)}`);
  return { title: `Saga: ${workflow.name} (${workflow.coordination.choice})`, source: `${lines.join('\n')}\n` };
}

/**
 * All diagrams as Markdown: a heading and a ```mermaid block each (GitHub and most editors render
 * them; `mmdc -i design.md` renders them to images).
 *
 * @example
 * ```ts
 * writeFileSync('design-diagrams.md', renderMermaid(design(spec)));
 * ```
 */
export function renderMermaid(result: Design): string {
  return mermaidDiagrams(result)
    .map((diagram) => `## ${diagram.title}\n\n\`\`\`mermaid\n${diagram.source}\`\`\`\n`)
    .join('\n');
}
