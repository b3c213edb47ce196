// The check report's front end: `pacelc check HISTORY --html out.html`.
import '../shared/report.css';
import './check.css';
import type { CheckReportData, LinearizabilityExplanation, SessionExplanation } from '../../src/lab/check-report-data.js';
import { element, formatCount, panel } from '../shared/dom.js';
import { readReportData, startReport } from '../shared/report-data.js';
import { buildRows, type LaneMode } from './lanes.js';
import { type Mark, Timeline } from './timeline.js';

const outcomeNames = ['ok', 'fail', 'unknown (no reply: it may have happened, or not)'];

startReport(() => {
  const data = readReportData<CheckReportData>();
  const root = document.getElementById('report');
  if (root === null) throw new Error('the page holds no #report element');
  const indexOf = new Map<number, number>();
  data.operations.id.forEach((id, index) => indexOf.set(id, index));
  const explanation = data.explanation;
  const failingKey = explanation?.kind === 'linearizability' && explanation.key !== undefined ? data.keys.indexOf(explanation.key) : undefined;

  root.append(summaryPanel(data));
  const timelinePanel = panel('Timeline', 'timeline');
  root.append(timelinePanel);
  const explanationPanel = explanation === undefined ? undefined : explanationPanelFor(data, explanation, indexOf);
  if (explanationPanel !== undefined) root.append(explanationPanel.element);
  const details = panel('Operation', 'details', element('p', { class: 'muted' }, 'Hover over an operation for its values, times and client; click one to pin it here.'));
  root.append(details);

  if (data.sampleNote !== undefined) timelinePanel.append(element('p', { class: 'note', id: 'sample-note' }, data.sampleNote));
  const toolbar = element('div', { class: 'toolbar' });
  const legend = element(
    'div',
    { class: 'legend' },
    ...[
      ['read', 'swatch-read'],
      ['write', 'swatch-write'],
      ['cas', 'swatch-cas'],
      ['failed', 'swatch-fail'],
      ['no reply (open-ended)', 'swatch-open'],
      ...(explanation === undefined ? [] : [['where the check fails', 'swatch-bad'], ['in the partial linearization', 'swatch-prefix']]),
    ].map(([label, swatch]) => element('span', {}, element('i', { class: swatch }), label)),
  );
  const host = element('div', { class: 'timeline-host' });
  timelinePanel.append(toolbar, host, legend, element('p', { class: 'muted hint' }, 'Wheel: scroll · Ctrl+wheel or double-click: zoom · drag or Shift+wheel: pan · keys: + − 0 ← →'));
  const timeline = new Timeline(data, host);
  let mode: LaneMode = 'key';
  const setMode = (next: LaneMode): void => {
    mode = next;
    timeline.setRows(buildRows(data, mode, failingKey === undefined || failingKey < 0 ? undefined : failingKey));
    for (const button of toolbar.querySelectorAll<HTMLButtonElement>('[data-mode]')) button.setAttribute('aria-pressed', String(button.dataset['mode'] === mode));
  };
  const button = (label: string, attributes: Record<string, string>, action: () => void): HTMLButtonElement => {
    const node = element('button', { type: 'button', ...attributes }, label);
    node.addEventListener('click', action);
    return node;
  };
  toolbar.append(
    element('span', { class: 'muted' }, 'lanes: '),
    button('per key', { 'data-mode': 'key' }, () => setMode('key')),
    button('per client', { 'data-mode': 'client' }, () => setMode('client')),
    element('span', { class: 'spacer' }),
    button('zoom in', { id: 'zoom-in' }, () => timeline.zoom(2)),
    button('zoom out', { id: 'zoom-out' }, () => timeline.zoom(0.5)),
    button('fit', { id: 'fit' }, () => timeline.fit()),
  );
  const failing = explanation === undefined ? [] : failingOperations(explanation, indexOf);
  if (failing.length > 0) toolbar.append(button('show the failure', { id: 'show-failure' }, () => timeline.focus(failing)));

  const marks = new Map<number, Mark>();
  const partialOf = (index: number): number | undefined => {
    if (explanation?.kind !== 'linearizability') return undefined;
    return explanation.longestContaining[String(data.operations.id[index])];
  };
  const selectPartial = (number: number | undefined): void => {
    if (explanation?.kind !== 'linearizability' || explanationPanel === undefined) return;
    const partial = number === undefined ? undefined : explanation.partials[number];
    for (const [index, mark] of [...marks]) if (mark === 'prefix') marks.delete(index);
    if (partial !== undefined) {
      const operations = partial.operations.map((id) => indexOf.get(id)).filter((index): index is number => index !== undefined);
      for (const index of operations) if (!marks.has(index)) marks.set(index, 'prefix');
      timeline.setOverlay({ operations, states: partial.states });
    } else timeline.setOverlay(undefined);
    timeline.setMarks(marks);
    explanationPanel.select(number);
  };
  if (explanation?.kind === 'linearizability') {
    for (const entry of explanation.blocked) {
      const index = indexOf.get(entry.id);
      if (index !== undefined) marks.set(index, 'blocked');
    }
    const deadline = explanation.deadline === undefined ? undefined : indexOf.get(explanation.deadline);
    if (deadline !== undefined) marks.set(deadline, 'deadline');
    explanationPanel?.onSelect((number) => selectPartial(number));
    explanationPanel?.onShow((ids) => timeline.focus(ids.map((id) => indexOf.get(id)).filter((index): index is number => index !== undefined)));
  } else if (explanation?.kind === 'session') {
    for (const violation of explanation.violations) {
      for (const id of [violation.required, violation.because, ...(violation.readFrom === undefined ? [] : [violation.readFrom])]) {
        const index = indexOf.get(id);
        if (index !== undefined && !marks.has(index)) marks.set(index, 'cause');
      }
      const read = indexOf.get(violation.read);
      if (read !== undefined) marks.set(read, 'violation');
    }
    explanationPanel?.onShow((ids) => timeline.focus(ids.map((id) => indexOf.get(id)).filter((index): index is number => index !== undefined)));
  }
  timeline.setMarks(marks);
  setMode('key');
  if (explanation?.kind === 'linearizability' && explanation.partials.length > 0) selectPartial(0);
  if (failing.length > 0) timeline.focus(failing);

  // hover, click, zoom, pan
  const tooltip = element('div', { class: 'tooltip', hidden: true, role: 'tooltip', id: 'tooltip' });
  document.body.append(tooltip);
  const canvas = timeline.canvas;
  const describe = (index: number): string => describeOperation(data, index, explanation, partialOf(index));
  let drag: { x: number; y: number; moved: boolean } | undefined;
  canvas.addEventListener('mousemove', (event) => {
    const rect = canvas.getBoundingClientRect();
    if (drag !== undefined) {
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
      timeline.pan(-dx);
      timeline.scrollBy(-dy);
      drag.x = event.clientX;
      drag.y = event.clientY;
      return;
    }
    const index = timeline.hit(event.clientX - rect.left, event.clientY - rect.top);
    if (index < 0) {
      tooltip.hidden = true;
      canvas.style.cursor = 'default';
      return;
    }
    canvas.style.cursor = 'pointer';
    tooltip.textContent = describe(index);
    tooltip.hidden = false;
    const left = Math.min(event.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8);
    const top = event.clientY + 16 + tooltip.offsetHeight > window.innerHeight ? event.clientY - tooltip.offsetHeight - 10 : event.clientY + 16;
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${top}px`;
  });
  canvas.addEventListener('mouseleave', () => {
    tooltip.hidden = true;
    drag = undefined;
  });
  canvas.addEventListener('mousedown', (event) => {
    drag = { x: event.clientX, y: event.clientY, moved: false };
  });
  window.addEventListener('mouseup', (event) => {
    const wasDrag = drag?.moved === true;
    drag = undefined;
    if (wasDrag || event.target !== canvas) return;
    const rect = canvas.getBoundingClientRect();
    const index = timeline.hit(event.clientX - rect.left, event.clientY - rect.top);
    if (index < 0) return;
    details.replaceChildren(element('h2', {}, 'Operation'), element('pre', { id: 'details-text' }, describe(index)));
    const partial = partialOf(index);
    if (partial !== undefined) selectPartial(partial);
  });
  canvas.addEventListener('dblclick', (event) => timeline.zoom(2, event.clientX - canvas.getBoundingClientRect().left));
  canvas.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const x = event.clientX - canvas.getBoundingClientRect().left;
      if (event.ctrlKey || event.metaKey) timeline.zoom(Math.exp(-event.deltaY * 0.002), x);
      else if (event.shiftKey) timeline.pan(event.deltaY);
      else if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) timeline.pan(event.deltaX);
      else timeline.scrollBy(event.deltaY);
    },
    { passive: false },
  );
  canvas.addEventListener('keydown', (event) => {
    const actions: Record<string, () => void> = {
      '+': () => timeline.zoom(1.5),
      '=': () => timeline.zoom(1.5),
      '-': () => timeline.zoom(1 / 1.5),
      '0': () => timeline.fit(),
      ArrowLeft: () => timeline.pan(-80),
      ArrowRight: () => timeline.pan(80),
      ArrowUp: () => timeline.scrollBy(-40),
      ArrowDown: () => timeline.scrollBy(40),
    };
    const action = actions[event.key];
    if (action === undefined) return;
    event.preventDefault();
    action();
  });
  timeline.draw();

  // For the browser tests and the bench: what is drawn, and where.
  (window as unknown as { pacelcCheck: unknown }).pacelcCheck = {
    timeline,
    boxOf: (id: number) => {
      const index = indexOf.get(id);
      return index === undefined ? undefined : timeline.boxOf(index);
    },
    marks: () => Object.fromEntries([...marks].map(([index, mark]) => [data.operations.id[index], mark])),
    mode: () => mode,
  };
});

function summaryPanel(data: CheckReportData): HTMLElement {
  const verdict = data.verdict === 'unknown' ? 'undecided' : data.verdict;
  const facts = element('table', { class: 'facts' });
  for (const [label, value] of data.facts) facts.append(element('tr', {}, element('th', {}, label), element('td', {}, value)));
  facts.append(element('tr', {}, element('th', {}, 'history'), element('td', { class: 'mono' }, data.file)));
  facts.append(element('tr', {}, element('th', {}, 'drawn'), element('td', {}, `${formatCount(data.drawnCount)} operations, ${formatCount(data.keys.length)} ${data.keys.length === 1 ? 'key' : 'keys'}, ${formatCount(data.processes.length)} clients`)));
  return panel(
    'Verdict',
    'verdict',
    element('p', {}, element('span', { class: `verdict ${data.verdict}` }, verdict), ' ', element('span', { class: 'muted' }, `${data.consistency} · model ${data.model} · ${formatCount(data.operationCount)} operations`)),
    data.reason === undefined ? null : element('p', {}, data.reason),
    facts,
    data.text === undefined ? null : element('details', { id: 'text-output' }, element('summary', {}, 'what pacelc check printed'), element('pre', {}, data.text)),
  );
}

interface ExplanationPanel {
  readonly element: HTMLElement;
  select(number: number | undefined): void;
  onSelect(listener: (number: number) => void): void;
  onShow(listener: (ids: number[]) => void): void;
}

function explanationPanelFor(data: CheckReportData, explanation: LinearizabilityExplanation | SessionExplanation, indexOf: Map<number, number>): ExplanationPanel {
  let selectListener: (number: number) => void = () => undefined;
  let showListener: (ids: number[]) => void = () => undefined;
  const name = (id: number): string => {
    const index = indexOf.get(id);
    if (index === undefined) return `#${id} (not drawn)`;
    const { f, input, output, process, outcome } = data.operations;
    const result = outcome[index] === 0 && output[index] !== '' && output[index] !== input[index] ? ` → ${output[index]}` : '';
    const argument = input[index] === 'null' ? '' : ` ${input[index]}`;
    return `#${id} client ${data.processes[process[index] as number]}: ${data.functions[f[index] as number]}${argument}${result}`;
  };
  const show = (ids: number[], label = 'show'): HTMLButtonElement => {
    const node = element('button', { type: 'button', class: 'show' }, label);
    node.addEventListener('click', () => showListener(ids));
    return node;
  };
  if (explanation.kind === 'session') {
    const list = element('ol', { class: 'violations' });
    for (const violation of explanation.violations) {
      list.append(
        element(
          'li',
          {},
          element('div', {}, `${violation.observer}${violation.key === undefined ? '' : ` · key ${violation.key}`}: ${violation.explanation} `, show([violation.read, violation.because])),
          element('div', { class: 'muted mono' }, `read ${name(violation.read)} · had to see ${name(violation.required)} · because ${name(violation.because)}`),
        ),
      );
    }
    const node = panel('Why it fails', 'explanation', element('p', {}, `${formatCount(explanation.total)} ${explanation.total === 1 ? 'read breaks' : 'reads break'} ${explanation.guarantee}${explanation.total > explanation.violations.length ? ` (the first ${explanation.violations.length} shown)` : ''}.`), list);
    return { element: node, select: () => undefined, onSelect: () => undefined, onShow: (listener) => (showListener = listener) };
  }
  const where = explanation.key === undefined ? '' : ` on key ${explanation.key}`;
  const of = explanation.subsetOf === undefined ? '' : ` (a subset of the ${formatCount(explanation.subsetOf)} the key has)`;
  const head = element('p', {}, `No order of the ${formatCount(explanation.partitionOperations)} operations${where}${of} respects both real time and the model.`, explanation.summary === undefined ? null : ` Why: ${explanation.summary}.`);
  const deadline = explanation.deadline === undefined ? null : element('p', { id: 'deadline' }, element('strong', {}, 'Where the search fails: '), `before ${name(explanation.deadline)} returns, one of the operations below must be ordered next, and none can. `, show([explanation.deadline]));
  const blocked = element('ul', { class: 'blocked', id: 'blocked' });
  for (const entry of explanation.blocked) blocked.append(element('li', {}, element('span', { class: 'mono' }, name(entry.id)), ` — ${entry.reason === 'not-allowed' ? 'not allowed' : 'dead end'}: ${entry.detail} `, show([entry.id])));
  const prefixLine = element('p', {}, `The checker’s longest linearizable prefix orders ${formatCount(explanation.prefix.length)} operations and leaves the state at `, element('code', {}, explanation.stateAfterPrefix), '.');
  const partials = element('ol', { class: 'partials', id: 'partials' });
  const items: HTMLLIElement[] = [];
  explanation.partials.forEach((partial, number) => {
    const last = partial.states[partial.states.length - 1] ?? '';
    const item = element('li', {}, element('button', { type: 'button', class: 'partial' }, `${formatCount(partial.operations.length)} operations`), ` ending in state `, element('code', {}, last === '' ? '?' : last), ' ', show(partial.operations.slice(-3)));
    item.querySelector('button.partial')?.addEventListener('click', () => selectListener(number));
    items.push(item);
    partials.append(item);
  });
  const node = panel(
    'Why it fails',
    'explanation',
    head,
    prefixLine,
    deadline,
    blocked,
    element('h3', {}, 'Longest partial linearizations'),
    element('p', { class: 'muted' }, 'Each is an order the search could follow until it got stuck; the green line on the timeline goes through the linearization point of each operation, labelled with the state after it. Click an operation to see the longest one it belongs to.'),
    explanation.partialsNote === undefined ? null : element('p', { class: 'note' }, explanation.partialsNote),
    partials,
  );
  return {
    element: node,
    select: (number) => items.forEach((item, index) => item.classList.toggle('selected', index === number)),
    onSelect: (listener) => (selectListener = listener),
    onShow: (listener) => (showListener = listener),
  };
}

function failingOperations(explanation: LinearizabilityExplanation | SessionExplanation, indexOf: Map<number, number>): number[] {
  const ids = explanation.kind === 'session' ? explanation.violations.slice(0, 1).flatMap((violation) => [violation.read, violation.because]) : [...(explanation.deadline === undefined ? [] : [explanation.deadline]), ...explanation.blocked.map((entry) => entry.id)];
  return ids.map((id) => indexOf.get(id)).filter((index): index is number => index !== undefined);
}

function describeOperation(data: CheckReportData, index: number, explanation: LinearizabilityExplanation | SessionExplanation | undefined, partial: number | undefined): string {
  const { id, process, key, f, call, ret, outcome, input, output, line } = data.operations;
  const unit = data.axis === 'ms' ? ' ms' : '';
  const at = data.axis === 'ms' ? 'at' : 'at position';
  const returned = ret[index] as number;
  const lines = [
    `#${id[index]} · client ${data.processes[process[index] as number]}${data.keys[key[index] as number] === '' ? '' : ` · key ${data.keys[key[index] as number]}`}`,
    `${data.functions[f[index] as number]}${input[index] === 'null' ? '' : ` ${input[index]}`}${outcome[index] === 0 && output[index] !== '' ? ` → ${output[index]}` : ''}`,
    `outcome: ${outcomeNames[outcome[index] as number]}`,
    `called ${at} ${format(call[index] as number)}${unit}${returned >= 0 ? `, returned ${at} ${format(returned)}${unit} (${format(returned - (call[index] as number))}${unit || ' events'} later)` : ', never returned'}`,
  ];
  if ((line[index] as number) > 0) lines.push(`history line ${line[index]}`);
  if (explanation?.kind === 'linearizability') {
    const operationId = id[index] as number;
    if (explanation.deadline === operationId) lines.push('the search fails before this operation returns');
    const blocked = explanation.blocked.find((entry) => entry.id === operationId);
    if (blocked !== undefined) lines.push(`cannot come next: ${blocked.detail}`);
    if (partial !== undefined) {
      const entry = explanation.partials[partial];
      const step = entry?.operations.indexOf(operationId) ?? -1;
      if (entry !== undefined && step >= 0) lines.push(`step ${step + 1} of ${entry.operations.length} in partial linearization #${partial + 1}; state after: ${entry.states[step] || '?'}`);
    } else if (explanation.key === undefined || data.keys[key[index] as number] === explanation.key) lines.push('in no partial linearization');
  }
  return lines.join('\n');
}

function format(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}
