import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { design } from '../advisor/design.js';
import { parseSpec } from '../advisor/spec/parse.js';
import { designReportData } from './design-report-data.js';
import { graphSvg } from './design-svg.js';
import { designView } from './design-view.js';
import { layoutGraph } from './graph-layout.js';

const specs = ['e-commerce', 'saas-eu-residency', 'social-feed', 'airline-booking', 'bank-ledger', 'chat', 'ride-hailing'];
const designOf = (name: string) => design(parseSpec(readFileSync(new URL(`../../examples/specs/${name}.yaml`, import.meta.url), 'utf8'), { file: `${name}.yaml` }));

describe('designView', () => {
  it('has every service, store, region, saga and call of the shop, and the decisions behind each', () => {
    const result = designOf('e-commerce');
    const view = designView(result);
    const ids = view.entities.map((entity) => entity.id);
    expect(ids).toEqual(expect.arrayContaining(['service:orders', 'service:shipping', 'store:stock', 'store:cart', 'region:us-east-1', 'region:eu-west-1', 'saga:checkout', 'call:0', 'call:2']));
    expect(view.entities.filter((entity) => entity.kind === 'store')).toHaveLength(result.entities.length);
    expect(view.entities.filter((entity) => entity.kind === 'call')).toHaveLength(result.calls.length);
    // Each entity decision of the advisor is in the view with its why, trade-off and sources.
    const consistency = view.decisions['entity.stock.consistency'];
    expect(consistency?.summary).toBe(result.entities.find((entity) => entity.name === 'stock')?.consistency.summary);
    expect(consistency?.why.length).toBeGreaterThan(10);
    expect(consistency?.sources.length).toBeGreaterThan(0);
    expect(view.decisions['call.0.retry']?.subject).toBe('orders → payments (charge)');
    expect(view.decisions['workflow.checkout.compensation']).toBeDefined();
    expect(view.decisions['system.discovery']).toBeDefined();
  });

  it('draws a leader and a replica per region for leader-follower, and a two-way merge between multi-leader copies', () => {
    const view = designView(designOf('e-commerce'));
    const replication = view.graphs.find((graph) => graph.id === 'replication');
    const stock = replication?.nodes.filter((node) => node.entity === 'store:stock') ?? [];
    expect(stock.map((node) => [node.kind, node.group])).toEqual([
      ['leader', 'us-east-1'],
      ['follower', 'us-east-1'],
      ['replica', 'eu-west-1'],
    ]);
    const cartEdges = replication?.edges.filter((edge) => edge.from.startsWith('copy:cart:')) ?? [];
    expect(cartEdges.map((edge) => edge.style)).toEqual(['merge']);
  });

  it('keeps each jurisdiction inside its own regions with residency', () => {
    const view = designView(designOf('saas-eu-residency'));
    const replication = view.graphs.find((graph) => graph.id === 'replication');
    const eu = replication?.nodes.filter((node) => node.id.includes(':EU:')) ?? [];
    expect(eu.length).toBeGreaterThan(0);
    for (const node of eu) expect(node.group).toMatch(/eu|europe/i);
  });

  it('puts saga steps on one row and each compensation under its step', () => {
    const view = designView(designOf('e-commerce'));
    const saga = view.graphs.find((graph) => graph.id === 'saga:checkout');
    const step = saga?.nodes.find((node) => node.id === 'step:checkout:reserve-stock');
    const undo = saga?.nodes.find((node) => node.id === 'undo:checkout:reserve-stock');
    expect(step?.cell?.row).toBe(0);
    expect(undo?.cell).toEqual({ column: step?.cell?.column, row: 1 });
    expect(saga?.edges.some((edge) => edge.to === 'dead-letter:checkout:' && edge.style === 'compensation')).toBe(true);
  });
});

describe('layoutGraph and graphSvg', () => {
  it.each(specs)('%s: no two boxes of a graph overlap, every node and edge is drawn, every entity carries data-entity', (name) => {
    const result = designOf(name);
    const view = designView(result);
    const markup = view.graphs.map((graph) => {
      const layout = layoutGraph(graph);
      expect(layout.nodes).toHaveLength(graph.nodes.length);
      expect(layout.edges).toHaveLength(graph.edges.length);
      for (const [index, a] of layout.nodes.entries()) {
        expect(a.x).toBeGreaterThanOrEqual(0);
        expect(a.y).toBeGreaterThanOrEqual(0);
        expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
        expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
        for (const b of layout.nodes.slice(index + 1)) {
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          expect(apart, `${a.node.id} overlaps ${b.node.id}`).toBe(true);
        }
      }
      return graphSvg(graph, layout);
    });
    const all = markup.join('\n');
    for (const entity of view.entities) expect(all, entity.id).toContain(`data-entity="${entity.id}"`);
  });

  it('is deterministic and escapes names', () => {
    const result = designOf('e-commerce');
    expect(designReportData(result)).toEqual(designReportData(result));
    const graph = { id: 'g', title: 't', layout: 'layered' as const, groups: [], nodes: [{ id: 'a', kind: 'service' as const, lines: ['<b>&"x"'], decisions: [] }], edges: [] };
    const markup = graphSvg(graph);
    expect(markup).toContain('&#60;b&#62;&#38;&#34;x&#34;');
    expect(markup).not.toContain('<b>');
  });

  it('ranks a chain left to right and survives a cycle', () => {
    const node = (id: string) => ({ id, kind: 'service' as const, lines: [id], decisions: [] });
    const graph = {
      id: 'g',
      title: 't',
      layout: 'layered' as const,
      groups: [],
      nodes: [node('a'), node('b'), node('c')],
      edges: [
        { from: 'a', to: 'b', style: 'solid' as const, decisions: [] },
        { from: 'b', to: 'c', style: 'solid' as const, decisions: [] },
        { from: 'c', to: 'a', style: 'solid' as const, decisions: [] },
      ],
    };
    const layout = layoutGraph(graph);
    const x = (id: string) => layout.nodes.find((placed) => placed.node.id === id)?.x ?? -1;
    expect(x('a')).toBeLessThan(x('b'));
    expect(x('b')).toBeLessThan(x('c'));
    expect(layout.edges[2]?.path).toMatch(/^M[\d.]+,[\d.]+ C/);
  });
});
