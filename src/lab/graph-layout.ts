import type { EdgeView, GraphView, NodeView } from './design-view.js';

/** A node with its box, in SVG user units (px). */
export interface PlacedNode {
  readonly node: NodeView;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An edge as an SVG path, with where its label goes. */
export interface PlacedEdge {
  readonly edge: EdgeView;
  /** SVG path data (`M ... C ...`). */
  readonly path: string;
  readonly labelX: number;
  readonly labelY: number;
  /** How the label sits on its point: centred, or starting there (beside a vertical edge). */
  readonly labelAnchor: 'middle' | 'start';
}

/** A region's column. */
export interface PlacedGroup {
  readonly id: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly groups: readonly PlacedGroup[];
}

/** Width of one character of the report's 12px sans-serif text, rounded up so labels never overflow their box. */
export const characterWidthPx = 7;
const lineHeightPx = 16;
const paddingPx = 10;
const nodeGapPx = 24;
const marginPx = 16;
const groupHeaderPx = 28;

/** The box a node needs for its lines. */
export function nodeSize(node: NodeView): { width: number; height: number } {
  const longest = Math.max(...node.lines.map((line) => line.length), 4);
  return { width: longest * characterWidthPx + 2 * paddingPx, height: node.lines.length * lineHeightPx + 2 * paddingPx - 4 };
}

function labelWidth(edge: EdgeView): number {
  return edge.label === undefined ? 0 : edge.label.length * characterWidthPx + 12;
}

/**
 * Places a graph's nodes and routes its edges. Deterministic (the same graph gives the same
 * picture, byte for byte) and small graphs only (a design has tens of boxes): a layered layout in
 * the manner of Sugiyama, Tagawa & Toda (1981) — cycles broken by reversing back edges, ranks by
 * longest path, order within a rank by barycentres (a few sweeps each way), edges as curves — or,
 * for the replication topology, one column per region with each entity on its own row, so that
 * replication across regions reads left to right.
 *
 * @example
 * ```ts
 * const layout = layoutGraph(designView(result).graphs[0]);
 * layout.nodes.map((placed) => [placed.node.id, placed.x, placed.y]);
 * ```
 */
export function layoutGraph(graph: GraphView): GraphLayout {
  switch (graph.layout) {
    case 'regions':
      return regionsLayout(graph);
    case 'grid':
      return gridLayout(graph);
    case 'layered':
      return layeredLayout(graph);
  }
}

/** Each node in its cell; columns as wide as their widest node plus room for the labels between them. */
function gridLayout(graph: GraphView): GraphLayout {
  const columns = Math.max(0, ...graph.nodes.map((node) => (node.cell?.column ?? 0) + 1));
  const rows = Math.max(0, ...graph.nodes.map((node) => (node.cell?.row ?? 0) + 1));
  const sizes = new Map(graph.nodes.map((node) => [node.id, nodeSize(node)]));
  const columnWidths = Array.from({ length: columns }, (_, column) => Math.max(0, ...graph.nodes.filter((node) => (node.cell?.column ?? 0) === column).map((node) => sizes.get(node.id)?.width ?? 0)));
  const rowHeights = Array.from({ length: rows }, (_, row) => Math.max(0, ...graph.nodes.filter((node) => (node.cell?.row ?? 0) === row).map((node) => sizes.get(node.id)?.height ?? 0)));
  const gap = Math.max(56, ...graph.edges.map((edge) => labelWidth(edge) + 24));
  const columnX = columnWidths.map((_, column) => marginPx + columnWidths.slice(0, column).reduce((sum, width) => sum + width + gap, 0));
  const rowY = rowHeights.map((_, row) => marginPx + rowHeights.slice(0, row).reduce((sum, height) => sum + height + 48, 0));
  const placed = new Map<string, PlacedNode>();
  for (const node of graph.nodes) {
    const size = sizes.get(node.id) ?? { width: 0, height: 0 };
    const column = node.cell?.column ?? 0;
    const row = node.cell?.row ?? 0;
    placed.set(node.id, {
      node,
      x: (columnX[column] ?? 0) + ((columnWidths[column] ?? 0) - size.width) / 2,
      y: (rowY[row] ?? 0) + ((rowHeights[row] ?? 0) - size.height) / 2,
      width: size.width,
      height: size.height,
    });
  }
  const edges = graph.edges.filter((edge) => placed.has(edge.from) && placed.has(edge.to)).map((edge) => route(edge, placed.get(edge.from) as PlacedNode, placed.get(edge.to) as PlacedNode));
  const width = (columnX[columns - 1] ?? marginPx) + (columnWidths[columns - 1] ?? 0) + marginPx;
  const height = (rowY[rows - 1] ?? marginPx) + (rowHeights[rows - 1] ?? 0) + marginPx;
  return { width: Math.ceil(width), height: Math.ceil(height), nodes: graph.nodes.map((node) => placed.get(node.id) as PlacedNode), edges, groups: [] };
}

/** Side to side between boxes that do not overlap horizontally, otherwise top to bottom with the label beside. */
function route(edge: EdgeView, from: PlacedNode, to: PlacedNode): PlacedEdge {
  const apart = to.x >= from.x + from.width || from.x >= to.x + to.width;
  if (apart) return sideToSide(edge, from, to);
  const down = to.y >= from.y;
  const x1 = from.x + from.width / 2;
  const x2 = to.x + to.width / 2;
  const y1 = down ? from.y + from.height : from.y;
  const y2 = down ? to.y : to.y + to.height;
  return { edge, path: `M${round(x1)},${round(y1)} L${round(x2)},${round(y2)}`, labelX: round(x1 + 8), labelY: round((y1 + y2) / 2 + 4), labelAnchor: 'start' };
}

function layeredLayout(graph: GraphView): GraphLayout {
  const index = new Map(graph.nodes.map((node, position) => [node.id, position]));
  const edges = graph.edges.filter((edge) => index.has(edge.from) && index.has(edge.to) && edge.from !== edge.to);
  const forward = acyclicEdges(graph.nodes, edges);
  const rank = new Map<string, number>(graph.nodes.map((node) => [node.id, 0]));
  // Longest path from the sources; the nodes' count bounds the passes of a DAG.
  for (let pass = 0; pass < graph.nodes.length; pass++) {
    let changed = false;
    for (const edge of forward) {
      const next = (rank.get(edge.from) ?? 0) + 1;
      if (next > (rank.get(edge.to) ?? 0)) {
        rank.set(edge.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const rankCount = Math.max(0, ...rank.values()) + 1;
  const layers: string[][] = Array.from({ length: rankCount }, () => []);
  for (const node of graph.nodes) layers[rank.get(node.id) ?? 0]?.push(node.id);
  orderByBarycentre(layers, edges);

  const sizes = new Map(graph.nodes.map((node) => [node.id, nodeSize(node)]));
  const layerWidths = layers.map((layer) => Math.max(0, ...layer.map((id) => sizes.get(id)?.width ?? 0)));
  const layerHeights = layers.map((layer) => layer.reduce((sum, id) => sum + (sizes.get(id)?.height ?? 0), 0) + Math.max(0, layer.length - 1) * nodeGapPx);
  const tallest = Math.max(0, ...layerHeights);
  // The gap after each rank fits the widest label of an edge that leaves it.
  const gaps = layers.map((layer) => {
    const members = new Set(layer);
    return Math.max(56, ...edges.filter((edge) => members.has(edge.from)).map((edge) => labelWidth(edge) + 24));
  });
  const placed = new Map<string, PlacedNode>();
  let x = marginPx;
  layers.forEach((layer, layerIndex) => {
    let y = marginPx + ((tallest - (layerHeights[layerIndex] ?? 0)) / 2);
    const width = layerWidths[layerIndex] ?? 0;
    for (const id of layer) {
      const size = sizes.get(id) ?? { width: 0, height: 0 };
      const node = graph.nodes[index.get(id) ?? 0] as NodeView;
      placed.set(id, { node, x: x + (width - size.width) / 2, y, width: size.width, height: size.height });
      y += size.height + nodeGapPx;
    }
    x += width + (layerIndex === layers.length - 1 ? 0 : (gaps[layerIndex] ?? 56));
  });
  let bottom = marginPx + tallest;
  const routed = edges.map((edge) => {
    const from = placed.get(edge.from) as PlacedNode;
    const to = placed.get(edge.to) as PlacedNode;
    if ((rank.get(edge.to) ?? 0) > (rank.get(edge.from) ?? 0)) return sideToSide(edge, from, to);
    // Back or same-rank edges arc below both boxes.
    const route = underneath(edge, from, to);
    bottom = Math.max(bottom, route.labelY + 8);
    return route;
  });
  return { width: Math.ceil(x + marginPx), height: Math.ceil(bottom + marginPx), nodes: graph.nodes.map((node) => placed.get(node.id) as PlacedNode), edges: routed, groups: [] };
}

/** The edges with those that close a cycle (found depth-first, in node order) left out. */
function acyclicEdges(nodes: readonly NodeView[], edges: readonly EdgeView[]): EdgeView[] {
  const outgoing = new Map<string, EdgeView[]>();
  for (const edge of edges) outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<EdgeView>();
  const visit = (id: string): void => {
    state.set(id, 'open');
    for (const edge of outgoing.get(id) ?? []) {
      const seen = state.get(edge.to);
      if (seen === 'open') back.add(edge);
      else if (seen === undefined) visit(edge.to);
    }
    state.set(id, 'done');
  };
  for (const node of nodes) if (!state.has(node.id)) visit(node.id);
  return edges.filter((edge) => !back.has(edge));
}

/** Reorders each layer by the mean position of its neighbours in the layer before (then after), a few sweeps each way. */
function orderByBarycentre(layers: string[][], edges: readonly EdgeView[]): void {
  const neighbours = new Map<string, string[]>();
  for (const edge of edges) {
    neighbours.set(edge.from, [...(neighbours.get(edge.from) ?? []), edge.to]);
    neighbours.set(edge.to, [...(neighbours.get(edge.to) ?? []), edge.from]);
  }
  const reorder = (layer: string[], reference: readonly string[]): void => {
    const position = new Map(reference.map((id, at) => [id, at]));
    const keyed = layer.map((id, at) => {
      const near = (neighbours.get(id) ?? []).map((other) => position.get(other)).filter((value): value is number => value !== undefined);
      return { id, key: near.length === 0 ? at : near.reduce((sum, value) => sum + value, 0) / near.length, at };
    });
    keyed.sort((a, b) => a.key - b.key || a.at - b.at);
    layer.splice(0, layer.length, ...keyed.map((entry) => entry.id));
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let at = 1; at < layers.length; at++) reorder(layers[at] as string[], layers[at - 1] as string[]);
    for (let at = layers.length - 2; at >= 0; at--) reorder(layers[at] as string[], layers[at + 1] as string[]);
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function sideToSide(edge: EdgeView, from: PlacedNode, to: PlacedNode): PlacedEdge {
  const leftToRight = to.x >= from.x + from.width;
  const x1 = leftToRight ? from.x + from.width : from.x;
  const x2 = leftToRight ? to.x : to.x + to.width;
  const y1 = from.y + from.height / 2;
  const y2 = to.y + to.height / 2;
  const bend = (x2 - x1) / 2;
  return {
    edge,
    path: `M${round(x1)},${round(y1)} C${round(x1 + bend)},${round(y1)} ${round(x2 - bend)},${round(y2)} ${round(x2)},${round(y2)}`,
    labelX: round((x1 + x2) / 2),
    labelY: round((y1 + y2) / 2 - 6),
    labelAnchor: 'middle',
  };
}

function underneath(edge: EdgeView, from: PlacedNode, to: PlacedNode): PlacedEdge {
  const x1 = from.x + from.width / 2;
  const x2 = to.x + to.width / 2;
  const y1 = from.y + from.height;
  const y2 = to.y + to.height;
  const low = Math.max(y1, y2) + 36;
  return {
    edge,
    path: `M${round(x1)},${round(y1)} C${round(x1)},${round(low)} ${round(x2)},${round(low)} ${round(x2)},${round(y2)}`,
    labelX: round((x1 + x2) / 2),
    labelY: round(low - 4),
    labelAnchor: 'middle',
  };
}

function regionsLayout(graph: GraphView): GraphLayout {
  const columns = graph.groups.map((group) => group.id.replace(/^region:/, ''));
  for (const node of graph.nodes) if (node.group !== undefined && !columns.includes(node.group)) columns.push(node.group);
  const rows = [...new Set(graph.nodes.map((node) => node.entity ?? node.id))];
  const sizes = new Map(graph.nodes.map((node) => [node.id, nodeSize(node)]));
  const cell = (row: string, column: string): NodeView[] => graph.nodes.filter((node) => (node.entity ?? node.id) === row && node.group === column);
  const cellHeight = (nodes: readonly NodeView[]): number => nodes.reduce((sum, node) => sum + (sizes.get(node.id)?.height ?? 0), 0) + Math.max(0, nodes.length - 1) * 18;
  const columnWidths = columns.map((column) => Math.max(120, ...graph.nodes.filter((node) => node.group === column).map((node) => sizes.get(node.id)?.width ?? 0)));
  const rowHeights = rows.map((row) => Math.max(0, ...columns.map((column) => cellHeight(cell(row, column)))));
  // Columns are far enough apart for the widest label crossing between regions.
  const gap = Math.max(72, ...graph.edges.map((edge) => labelWidth(edge) + 24));
  const columnX: number[] = [];
  let x = marginPx;
  for (const width of columnWidths) {
    columnX.push(x);
    x += width + 2 * paddingPx + gap;
  }
  const placed = new Map<string, PlacedNode>();
  let y = marginPx + groupHeaderPx;
  rows.forEach((row, rowIndex) => {
    columns.forEach((column, columnIndex) => {
      let cellY = y;
      for (const node of cell(row, column)) {
        const size = sizes.get(node.id) ?? { width: 0, height: 0 };
        const width = columnWidths[columnIndex] ?? 0;
        placed.set(node.id, { node, x: (columnX[columnIndex] ?? 0) + paddingPx + (width - size.width) / 2, y: cellY, width: size.width, height: size.height });
        cellY += size.height + 18;
      }
    });
    y += (rowHeights[rowIndex] ?? 0) + nodeGapPx;
  });
  const height = y - nodeGapPx + paddingPx;
  const groups: PlacedGroup[] = columns.map((column, columnIndex) => ({
    id: `region:${column}`,
    label: graph.groups.find((group) => group.id === `region:${column}`)?.label ?? column,
    x: columnX[columnIndex] ?? 0,
    y: marginPx,
    width: (columnWidths[columnIndex] ?? 0) + 2 * paddingPx,
    height: height - marginPx,
  }));
  const edges = graph.edges
    .filter((edge) => placed.has(edge.from) && placed.has(edge.to))
    .map((edge) => route(edge, placed.get(edge.from) as PlacedNode, placed.get(edge.to) as PlacedNode));
  return { width: Math.ceil(Math.max(x - gap + marginPx, 200)), height: Math.ceil(height + marginPx), nodes: graph.nodes.filter((node) => placed.has(node.id)).map((node) => placed.get(node.id) as PlacedNode), edges, groups };
}
