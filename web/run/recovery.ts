// The recovery figure: for each fault, how long operations took to succeed again after it ended,
// next to how available the system was during it.
import type { RunView } from '../../src/lab/run-report-data.js';
import { element, formatMs, svg } from '../shared/dom.js';
import { faultColors } from './timeline.js';

export function recoveryFigure(view: RunView, onShow: (startMs: number, endMs: number) => void): HTMLElement {
  if (view.faults.length === 0) return element('p', { class: 'muted' }, 'No fault was injected in this run.');
  const rowHeight = 22;
  const labelWidth = 300;
  const barWidth = 360;
  const recovered = view.faults.map((fault) => fault.recoveryMs ?? 0);
  const longest = Math.max(1, ...recovered);
  const figure = svg('svg', { class: 'recovery', width: labelWidth + barWidth + 240, height: view.faults.length * rowHeight + 26, role: 'img', 'aria-label': 'recovery time after each fault' });
  figure.append(svg('text', { x: labelWidth, y: 14, class: 'axis-label' }, 'recovery after the fault ended'));
  view.faults.forEach((fault, index) => {
    const y = 22 + index * rowHeight;
    const recovery = fault.recoveryMs;
    const length = recovery === null ? barWidth : Math.max(recovery === 0 ? 0 : 2, (recovery / longest) * barWidth);
    const group = svg('g', { class: 'fault-row', 'data-kind': fault.kind, 'data-recovery-ms': recovery === null ? 'none' : recovery });
    group.append(
      svg('title', {}, `${fault.description}: ${formatMs(fault.startMs)} → ${formatMs(fault.endMs)}; ${fault.operations} operations during it, ${(fault.availability * 100).toFixed(1)}% ok`),
      svg('rect', { x: 0, y, width: labelWidth - 8, height: rowHeight - 4, fill: faultColors[fault.kind] ?? '#edf2f7' }),
      svg('text', { x: 4, y: y + rowHeight / 2, class: 'fault-label' }, `${formatMs(fault.startMs)} ${fault.description}`.slice(0, 48)),
      svg('rect', { x: labelWidth, y: y + 2, width: length, height: rowHeight - 8, class: recovery === null ? 'bar not-recovered' : 'bar' }),
      svg('text', { x: labelWidth + length + 6, y: y + rowHeight / 2, class: 'value' }, recovery === null ? 'not recovered before the next fault' : recovery === 0 ? '0 (at once)' : formatMs(recovery)),
    );
    group.addEventListener('click', () => onShow(fault.startMs, fault.endMs));
    figure.append(group);
  });
  const table = element('table', { class: 'faults' });
  table.append(element('tr', {}, ...['fault', 'from', 'to', 'operations during it', 'ok during it', 'recovery'].map((heading) => element('th', {}, heading))));
  for (const fault of view.faults) {
    table.append(
      element(
        'tr',
        {},
        element('td', { class: 'mono' }, fault.description),
        element('td', {}, formatMs(fault.startMs)),
        element('td', {}, formatMs(fault.endMs)),
        element('td', {}, String(fault.operations)),
        element('td', {}, `${(fault.availability * 100).toFixed(1)}%`),
        element('td', {}, fault.recoveryMs === null ? 'not recovered' : formatMs(fault.recoveryMs)),
      ),
    );
  }
  return element('div', {}, element('div', { class: 'figure-scroll' }, figure), element('details', {}, element('summary', {}, 'as a table'), table));
}
