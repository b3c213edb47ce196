import type { GraphView } from './design-view.js';
import { type GraphLayout, layoutGraph } from './graph-layout.js';

/** Text for SVG/HTML content or a quoted attribute. */
function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * One graph of a design as SVG markup. Every node and edge that draws an entity of the design
 * carries `data-entity` (e.g. `store:stock`, `call:0`, and `region:eu-west-1` on a column), and
 * `data-decisions` lists the ids of the decisions behind it (space-separated), which the report
 * shows when it is clicked; nodes are focusable buttons, so a keyboard reaches them too.
 *
 * @example
 * ```ts
 * const markup = graphSvg(designView(result).graphs[0]);
 * markup.includes('data-entity="store:stock"'); // true
 * ```
 */
export function graphSvg(graph: GraphView, layout: GraphLayout = layoutGraph(graph)): string {
  const marker = `arrow-${graph.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="design-graph" data-graph="${escapeMarkup(graph.id)}" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="group" aria-label="${escapeMarkup(graph.title)}">`,
    `<defs><marker id="${marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker></defs>`,
  ];
  for (const group of layout.groups) {
    parts.push(
      `<g class="region" data-entity="${escapeMarkup(group.id)}"><rect x="${group.x}" y="${group.y}" width="${group.width}" height="${group.height}" rx="8"/>` +
        `<text x="${group.x + group.width / 2}" y="${group.y + 18}" text-anchor="middle" class="region-label">${escapeMarkup(group.label)}</text></g>`,
    );
  }
  for (const placed of layout.edges) {
    const { edge } = placed;
    const attributes = [`class="edge edge-${edge.style}"`, `data-from="${escapeMarkup(edge.from)}"`, `data-to="${escapeMarkup(edge.to)}"`];
    if (edge.entity !== undefined) attributes.push(`data-entity="${escapeMarkup(edge.entity)}"`);
    if (edge.decisions.length > 0) attributes.push(`data-decisions="${escapeMarkup(edge.decisions.join(' '))}"`, 'tabindex="0"', 'role="button"');
    const ends = edge.style === 'merge' ? `marker-start="url(#${marker})" marker-end="url(#${marker})"` : `marker-end="url(#${marker})"`;
    const label =
      edge.label === undefined
        ? ''
        : `<text x="${placed.labelX}" y="${placed.labelY}" text-anchor="${placed.labelAnchor}" class="edge-label">${escapeMarkup(edge.label)}</text>`;
    parts.push(`<g ${attributes.join(' ')}><path d="${placed.path}" ${ends}/>${label}${edge.label === undefined ? '' : `<title>${escapeMarkup(edge.label)}</title>`}</g>`);
  }
  for (const placed of layout.nodes) {
    const { node } = placed;
    const attributes = [`class="node node-${node.kind}"`, `data-id="${escapeMarkup(node.id)}"`];
    if (node.entity !== undefined) attributes.push(`data-entity="${escapeMarkup(node.entity)}"`);
    if (node.decisions.length > 0) attributes.push(`data-decisions="${escapeMarkup(node.decisions.join(' '))}"`, 'tabindex="0"', 'role="button"');
    const radius = node.kind === 'store' || node.kind === 'dead-letter' ? 14 : node.kind === 'quorum-ring' ? placed.height / 2 : 4;
    const lines = node.lines
      .map((line, index) => `<tspan x="${placed.x + placed.width / 2}" dy="${index === 0 ? 0 : 16}"${index === 0 ? ' class="node-title"' : ''}>${escapeMarkup(line)}</tspan>`)
      .join('');
    parts.push(
      `<g ${attributes.join(' ')}><rect x="${placed.x}" y="${placed.y}" width="${placed.width}" height="${placed.height}" rx="${radius}"/>` +
        `<text y="${placed.y + 20}" text-anchor="middle">${lines}</text><title>${escapeMarkup(node.lines.join(' — '))}</title></g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
