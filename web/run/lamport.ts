// The Lamport diagram (Maelstrom's picture): one vertical line per node and client, time running
// down, an arrow for each message from its sending to its arrival; lost and dropped ones end in a
// cross. The run recorded one window of messages; a slider picks the part drawn.
import type { RunMessages, RunView } from '../../src/lab/run-report-data.js';
import { element, formatCount, svg } from '../shared/dom.js';

const maxDrawn = 400;

export function lamportDiagram(view: RunView): HTMLElement {
  const messages = view.messages;
  if (messages === undefined || messages.from.length === 0) return element('p', { class: 'muted' }, 'No messages were recorded for this run.');
  const total = messages.from.length;
  const first = messages.sentMs[0] as number;
  const last = Math.max(...messages.sentMs);
  const span = Math.max(1, last - first);
  const host = element('div', { class: 'lamport-host' });
  const widthSelect = element('select', { id: 'lamport-width' }, ...[5, 10, 20, 50, 100, 250].map((ms) => element('option', { value: ms, ...(ms === 20 ? { selected: true } : {}) }, `${ms} ms`)));
  const slider = element('input', { type: 'range', id: 'lamport-start', min: 0, max: 1000, value: 0, step: 1 });
  const caption = element('span', { class: 'muted', id: 'lamport-caption' });
  const redraw = (): void => {
    const windowMs = Number(widthSelect.value);
    const start = first + (Number(slider.value) / 1000) * Math.max(0, span - windowMs);
    const end = start + windowMs;
    const chosen: number[] = [];
    for (let index = 0; index < total && chosen.length < maxDrawn; index++) {
      const sent = messages.sentMs[index] as number;
      if (sent >= start && sent < end) chosen.push(index);
    }
    caption.textContent = `${formatCount(chosen.length)} messages sent from ${start.toFixed(1)} ms to ${end.toFixed(1)} ms${chosen.length >= maxDrawn ? ` (the first ${maxDrawn})` : ''}`;
    host.replaceChildren(drawDiagram(view, messages, chosen, start, end));
  };
  widthSelect.addEventListener('change', redraw);
  slider.addEventListener('input', redraw);
  redraw();
  const note = `The run recorded ${formatCount(total)} messages sent from ${messages.fromMs.toFixed(0)} ms${messages.toMs >= 0 ? ` to ${messages.toMs.toFixed(0)} ms` : ''}${messages.notKept > 0 ? `; ${formatCount(messages.notKept)} more in that window were not kept (the bound)` : ''}.`;
  return element('div', {}, element('p', { class: 'muted' }, note), element('div', { class: 'toolbar' }, element('label', {}, 'window ', widthSelect), element('label', { class: 'grow' }, 'from ', slider), caption), host);
}

function drawDiagram(view: RunView, messages: RunMessages, chosen: number[], start: number, end: number): SVGSVGElement {
  const actors = [...new Set(chosen.flatMap((index) => [messages.from[index] as number, messages.to[index] as number]))].sort((left, right) => left - right);
  const nodes = view.nodes.length;
  const name = (address: number): string => (address < nodes ? (view.nodes[address] ?? `n${address}`) : `c${address - nodes}`);
  const columnWidth = 86;
  const top = 34;
  const height = 560;
  const width = Math.max(300, actors.length * columnWidth + 40);
  const x = new Map(actors.map((actor, index) => [actor, 40 + index * columnWidth + columnWidth / 2]));
  const y = (time: number): number => top + ((time - start) / (end - start)) * height;
  const picture = svg('svg', { class: 'lamport', width, height: top + height + 40, role: 'img', 'aria-label': 'Lamport diagram of the messages in the window' });
  picture.append(
    svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#4a5568' }))),
  );
  for (const fault of view.faults) {
    if (fault.endMs < start || fault.startMs > end) continue;
    for (const node of fault.nodes) {
      const column = x.get(node);
      if (column === undefined) continue;
      const y0 = y(Math.max(start, fault.startMs));
      const y1 = y(Math.min(end, fault.endMs));
      picture.append(svg('rect', { x: column - 7, y: y0, width: 14, height: Math.max(2, y1 - y0), class: `fault ${fault.kind}` }, svg('title', {}, fault.description)));
    }
  }
  for (const actor of actors) {
    const column = x.get(actor) as number;
    picture.append(svg('line', { x1: column, y1: top - 6, x2: column, y2: top + height, class: actor < nodes ? 'lifeline node' : 'lifeline client' }), svg('text', { x: column, y: 16, class: 'actor', 'text-anchor': 'middle' }, name(actor)));
  }
  let labelled = Number.NEGATIVE_INFINITY;
  for (const index of chosen) {
    const from = messages.from[index] as number;
    const to = messages.to[index] as number;
    const sent = messages.sentMs[index] as number;
    const arrived = messages.arrivedMs[index] as number;
    const dropped = messages.dropped[index] as string;
    const x1 = x.get(from) as number;
    const x2 = x.get(to) as number;
    const y1 = y(sent);
    const reached = dropped === '' ? arrived : dropped === 'lost' ? sent + (end - start) * 0.03 : arrived;
    const y2 = Math.min(top + height + 20, y(reached));
    const xEnd = dropped === '' ? x2 : x1 + (x2 - x1) * 0.6;
    const yEnd = dropped === '' ? y2 : y1 + (y2 - y1) * 0.6;
    const title = `${name(from)} → ${name(to)}: ${messages.label[index]}\nsent ${sent.toFixed(3)} ms${arrived >= 0 ? `, arrived ${arrived.toFixed(3)} ms` : ''}${dropped === '' ? '' : `\n${dropped === 'lost' ? 'lost by the network' : dropped === 'down' ? 'dropped: the target was down' : dropped === 'cut' ? 'dropped: the link was cut (partition)' : 'dropped: the sender crashed'}`}`;
    const group = svg('g', { class: dropped === '' ? 'message' : 'message dropped' }, svg('title', {}, title));
    group.append(svg('line', { x1, y1, x2: xEnd, y2: yEnd, ...(dropped === '' ? { 'marker-end': 'url(#arrow)' } : {}) }));
    if (dropped !== '') group.append(svg('path', { d: `M ${xEnd - 4} ${yEnd - 4} L ${xEnd + 4} ${yEnd + 4} M ${xEnd - 4} ${yEnd + 4} L ${xEnd + 4} ${yEnd - 4}`, class: 'cross' }));
    if (y1 - labelled > 11) {
      labelled = y1;
      group.append(svg('text', { x: (x1 + xEnd) / 2, y: (y1 + yEnd) / 2 - 3, class: 'message-label', 'text-anchor': 'middle' }, (messages.label[index] ?? '').slice(0, 16)));
    }
    picture.append(group);
  }
  picture.append(svg('text', { x: 4, y: top + 4, class: 'axis-label' }, `${start.toFixed(1)} ms`), svg('text', { x: 4, y: top + height, class: 'axis-label' }, `${end.toFixed(1)} ms`));
  return picture;
}
