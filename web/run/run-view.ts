// One run drawn: verdict and replay command, the timeline, the charts, the recovery figure, the
// Lamport diagram, and what the command printed.
import type { RunView } from '../../src/lab/run-report-data.js';
import { copyText, element, formatCount, formatMs, panel } from '../shared/dom.js';
import { drawCharts } from './charts.js';
import { lamportDiagram } from './lamport.js';
import { recoveryFigure } from './recovery.js';
import { TimeRange } from './time-range.js';
import { RunTimeline } from './timeline.js';

const outcomeNames = ['ok', 'fail', 'info (no answer: may have happened)'];

export interface DrawnRun {
  readonly timeline: RunTimeline;
  readonly range: TimeRange;
  boxOf(id: number): { x: number; y: number; width: number; height: number } | undefined;
}

export function drawRun(view: RunView, root: HTMLElement): DrawnRun {
  const verdict = view.verdict === 'unknown' ? 'undecided' : view.verdict === 'violated' ? 'refuted' : 'holds';
  const head = panel(
    view.title,
    'run-summary',
    element('p', {}, element('span', { class: `verdict ${view.verdict}` }, verdict), ' ', element('span', { class: 'muted' }, `seed ${view.seed} · ${formatCount(view.operationCount)} operations · ${view.nodes.length} nodes · ${view.clients} clients · ${view.faults.length} ${view.faults.length === 1 ? 'fault' : 'faults'} · ${formatMs(view.workloadEndMs)} of virtual time`)),
    view.findings.length === 0 ? null : element('ul', { class: 'findings' }, ...view.findings.map((finding) => element('li', {}, finding))),
  );
  if (view.replay !== undefined) {
    const command = element('code', { id: 'replay' }, view.replay);
    const button = element('button', { type: 'button', id: 'copy-replay' }, 'copy');
    button.addEventListener('click', () => {
      void copyText(view.replay ?? '', command).then((copied) => (button.textContent = copied ? 'copied' : 'selected: press Ctrl+C'));
    });
    head.append(element('p', { class: 'replay' }, element('span', { class: 'muted' }, 'replay this run: '), command, ' ', button));
  }
  if (view.violating.length > 0) {
    const list = element('ol', { class: 'violating', id: 'violating' });
    head.append(element('h3', {}, 'Operations the check blames'), list);
    for (const entry of view.violating.slice(0, 12)) {
      const show = element('button', { type: 'button', class: 'show' }, 'show');
      show.addEventListener('click', () => focusOperation(entry.id));
      list.append(element('li', {}, element('span', { class: 'mono' }, `#${entry.id}`), ` ${entry.why} `, show));
    }
  }
  root.append(head);

  const first = Math.min(0, ...view.operations.call.slice(0, 1));
  const range = new TimeRange(first, view.workloadEndMs, first, Math.max(view.workloadEndMs, 1));
  const timelinePanel = panel('Nodes, clients and faults', 'run-timeline');
  if (view.sampleNote !== undefined) timelinePanel.append(element('p', { class: 'note', id: 'sample-note' }, view.sampleNote));
  const toolbar = element('div', { class: 'toolbar' });
  const host = element('div', { class: 'timeline-host' });
  const legend = element(
    'div',
    { class: 'legend' },
    ...[
      ['partition / isolate', 'swatch-partition'],
      ['crash', 'swatch-crash'],
      ['pause', 'swatch-pause'],
      ['clock skew', 'swatch-clock'],
      ['latency spike', 'swatch-spike'],
      ['read', 'swatch-read'],
      ['write', 'swatch-write'],
      ['failed', 'swatch-fail'],
      ['no answer', 'swatch-info'],
      ['blamed by the check', 'swatch-bad'],
    ].map(([label, swatch]) => element('span', {}, element('i', { class: swatch }), label)),
  );
  timelinePanel.append(toolbar, host, legend, element('p', { class: 'muted hint' }, 'Ctrl+wheel or double-click: zoom · drag: pan · drag across a chart: zoom to that span · node rows: the faults that hit each node and a tick per reply it sent'));
  root.append(timelinePanel);
  const timeline = new RunTimeline(view, range, host);
  const button = (label: string, id: string, action: () => void): HTMLButtonElement => {
    const node = element('button', { type: 'button', id }, label);
    node.addEventListener('click', action);
    return node;
  };
  toolbar.append(button('zoom in', 'run-zoom-in', () => range.zoom(2)), button('zoom out', 'run-zoom-out', () => range.zoom(0.5)), button('whole run', 'run-fit', () => range.reset()));
  if (view.violating.length > 0) toolbar.append(button('show the violation', 'show-violation', () => focusOperation(view.violating[0]?.id ?? 0)));

  const charts = panel('Latency and availability over time', 'run-charts', element('p', { class: 'muted' }, `Buckets of ${formatMs(view.series.bucketMs)}; the shaded spans are the fault windows.`));
  root.append(charts);
  drawCharts(view, range, charts);

  root.append(panel('Recovery after each fault', 'run-recovery', element('p', { class: 'muted' }, 'From the end of each fault until operations succeed again as often as they do outside faults: the start of the first 20 consecutive operations invoked after it whose share of successes is back to that baseline, less 5 points (0: at once). Click a fault to see it on the timeline.'), recoveryFigure(view, (start, end) => range.set(start - (end - start) * 0.3, end + (end - start) * 0.6))));
  root.append(panel('Messages (Lamport diagram)', 'run-messages', lamportDiagram(view)));
  if (view.text !== undefined) root.append(panel('What pacelc printed', 'run-text', element('details', {}, element('summary', {}, 'the run report as text'), element('pre', {}, view.text))));

  const indexOf = new Map<number, number>();
  view.operations.id.forEach((id, index) => indexOf.set(id, index));
  function focusOperation(id: number): void {
    const index = indexOf.get(id);
    if (index === undefined) return;
    const call = view.operations.call[index] as number;
    const returned = view.operations.ret[index] as number;
    const end = returned >= 0 ? returned : call + 50;
    // room to see the faults and operations around it: a few percent of the run on each side
    const margin = Math.max((end - call) * 6, view.workloadEndMs * 0.005, 10);
    range.set(call - margin, end + margin);
    timelinePanel.scrollIntoView({ block: 'nearest' });
  }

  // hover and interaction
  const tooltip = document.getElementById('tooltip') ?? document.body.appendChild(element('div', { class: 'tooltip', hidden: true, role: 'tooltip', id: 'tooltip' }));
  const canvas = timeline.canvas;
  let drag: { x: number } | undefined;
  canvas.addEventListener('mousemove', (event) => {
    const rect = canvas.getBoundingClientRect();
    if (drag !== undefined) {
      const shift = ((drag.x - event.clientX) / (rect.width - 120)) * (range.end - range.start);
      drag.x = event.clientX;
      range.set(range.start + shift, range.end + shift);
      return;
    }
    const hit = timeline.hit(event.clientX - rect.left, event.clientY - rect.top);
    if (hit === undefined) {
      tooltip.hidden = true;
      return;
    }
    tooltip.textContent = 'operation' in hit ? describeOperation(view, hit.operation, timeline.violationOf(hit.operation)) : describeFault(view, hit.fault);
    tooltip.hidden = false;
    tooltip.style.left = `${Math.min(event.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8)}px`;
    tooltip.style.top = `${event.clientY + 16 + tooltip.offsetHeight > window.innerHeight ? event.clientY - tooltip.offsetHeight - 10 : event.clientY + 16}px`;
  });
  canvas.addEventListener('mouseleave', () => {
    tooltip.hidden = true;
    drag = undefined;
  });
  canvas.addEventListener('mousedown', (event) => (drag = { x: event.clientX }));
  window.addEventListener('mouseup', () => (drag = undefined));
  canvas.addEventListener('dblclick', (event) => range.zoom(2, timeline.timeAt(event.clientX - canvas.getBoundingClientRect().left)));
  canvas.addEventListener(
    'wheel',
    (event) => {
      if (!(event.ctrlKey || event.metaKey || event.shiftKey)) return;
      event.preventDefault();
      if (event.shiftKey) range.set(range.start + (event.deltaY / canvas.clientWidth) * (range.end - range.start), range.end + (event.deltaY / canvas.clientWidth) * (range.end - range.start));
      else range.zoom(Math.exp(-event.deltaY * 0.002), timeline.timeAt(event.clientX - canvas.getBoundingClientRect().left));
    },
    { passive: false },
  );
  timeline.draw();
  if (view.violating.length > 0) focusOperation(view.violating[0]?.id ?? 0);
  return {
    timeline,
    range,
    boxOf: (id) => {
      const index = indexOf.get(id);
      return index === undefined ? undefined : timeline.boxOf(index);
    },
  };
}

function describeOperation(view: RunView, index: number, why: string | undefined): string {
  const { id, client, f, key, call, ret, outcome, node, value } = view.operations;
  const returned = ret[index] as number;
  const lines = [
    `#${id[index]} · client ${client[index]}${view.keys[key[index] as number] ? ` · key ${view.keys[key[index] as number]}` : ''}`,
    `${view.functions[f[index] as number]} ${value[index]}`,
    `outcome: ${outcomeNames[outcome[index] as number]}${(node[index] as number) >= 0 ? `, answered by ${view.nodes[node[index] as number]}` : ''}`,
    `called at ${(call[index] as number).toFixed(3)} ms${returned >= 0 ? `, returned at ${returned.toFixed(3)} ms (${(returned - (call[index] as number)).toFixed(3)} ms)` : ', no answer'}`,
  ];
  if (why !== undefined) lines.push(`blamed: ${why}`);
  return lines.join('\n');
}

function describeFault(view: RunView, index: number): string {
  const fault = view.faults[index];
  if (fault === undefined) return '';
  return `${fault.description}\n${fault.startMs.toFixed(1)} ms → ${fault.endMs.toFixed(1)} ms\n${fault.operations} operations during it, ${(fault.availability * 100).toFixed(1)}% ok\nrecovery: ${fault.recoveryMs === null ? 'not before the next fault' : `${fault.recoveryMs} ms`}`;
}
