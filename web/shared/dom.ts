// A few lines instead of a UI library: the reports are drawn once from their data, then only
// respond to hover, zoom and selection, which plain DOM events and canvas handle directly.

type Child = Node | string | number | null | undefined | false;

/** Creates an element: `element('div', { class: 'lane', title: 'x' }, 'text', child)`. */
export function element<Tag extends keyof HTMLElementTagNameMap>(tag: Tag, attributes: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[Tag] {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  appendChildren(node, children);
  return node;
}

const svgNamespace = 'http://www.w3.org/2000/svg';

/** Creates an SVG element: `svg('line', { x1: 0, y1: 0, x2: 10, y2: 10, class: 'message' })`. */
export function svg<Tag extends keyof SVGElementTagNameMap>(tag: Tag, attributes: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): SVGElementTagNameMap[Tag] {
  const node = document.createElementNS(svgNamespace, tag);
  setAttributes(node, attributes);
  appendChildren(node, children);
  return node;
}

function setAttributes(node: Element, attributes: Record<string, string | number | boolean | undefined>): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
}

function appendChildren(node: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** A section of the report with a heading: `<section class="panel"><h2>…</h2>…</section>`. */
export function panel(heading: string, id: string, ...children: Child[]): HTMLElement {
  return element('section', { class: 'panel', id }, element('h2', {}, heading), ...children);
}

/** A number with thousands separators (1,234,567), as the CLI prints them. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** A duration in ms, short: 0.25 ms, 12 ms, 1.5 s, 2 min. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '∞';
  const size = Math.abs(value);
  if (size < 1) return `${Number(value.toPrecision(2))} ms`;
  if (size < 1_000) return `${Number(value.toPrecision(3))} ms`;
  if (size < 120_000) return `${Number((value / 1_000).toPrecision(3))} s`;
  return `${Number((value / 60_000).toPrecision(3))} min`;
}

/** Copies text to the clipboard, falling back to selecting it where the clipboard is refused (file:// pages). */
export async function copyText(text: string, fallbackTarget: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const selection = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(fallbackTarget);
    selection?.removeAllRanges();
    selection?.addRange(range);
    return false;
  }
}
