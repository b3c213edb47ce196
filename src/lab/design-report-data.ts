import type { Design } from '../advisor/design-types.js';
import { graphSvg } from './design-svg.js';
import { type DesignView, designView } from './design-view.js';

/** What the design report (and the lab's live design) draws: the view, with each graph already laid out as SVG. */
export interface DesignReportData extends Omit<DesignView, 'graphs'> {
  readonly graphs: readonly { readonly id: string; readonly title: string; readonly svg: string }[];
}

/**
 * The data of a design's HTML report: every decision, every entity, and each graph as SVG laid
 * out here (in Node, deterministically), so the page draws it with no layout code of its own.
 *
 * @example
 * ```ts
 * const data = designReportData(design(parseSpec(text, { file: 'shop.yaml' })));
 * data.graphs.map((graph) => graph.title);
 * ```
 */
export function designReportData(result: Design): DesignReportData {
  const view = designView(result);
  return { ...view, graphs: view.graphs.map((graph) => ({ id: graph.id, title: graph.title, svg: graphSvg(graph) })) };
}
