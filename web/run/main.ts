// The report of `pacelc simulate --html` (one run) and `pacelc verify --html` (each entity, with
// one run drawn: the first seed that refuted its claim, else its first seed).
import '../shared/report.css';
import './run.css';
import type { RunReportData, VerifyEntityView } from '../../src/lab/run-report-data.js';
import { element, panel } from '../shared/dom.js';
import { readReportData, startReport } from '../shared/report-data.js';
import { type DrawnRun, drawRun } from './run-view.js';

startReport(() => {
  const data = readReportData<RunReportData>();
  const root = document.getElementById('report');
  if (root === null) throw new Error('the page holds no #report element');
  root.append(element('div', { id: 'tooltip', class: 'tooltip', hidden: true, role: 'tooltip' }));
  const probe: { current: DrawnRun | undefined; entity: string | undefined } = { current: undefined, entity: undefined };
  if (data.kind === 'simulate' && data.run !== undefined) {
    probe.current = drawRun(data.run, root);
  } else if (data.entities !== undefined) {
    const host = element('div', { id: 'entity-run', class: 'stack' });
    root.append(entitiesPanel(data, (entity) => show(entity)), host);
    const show = (entity: VerifyEntityView): void => {
      host.replaceChildren();
      probe.entity = entity.entity;
      for (const button of root.querySelectorAll<HTMLButtonElement>('button.entity')) button.setAttribute('aria-pressed', String(button.dataset['entity'] === entity.entity));
      if (entity.run === undefined) {
        host.append(panel(entity.entity, 'run-summary', element('p', { class: 'muted' }, 'No run to draw: this entity has no simulator model.')));
        probe.current = undefined;
        return;
      }
      probe.current = drawRun(entity.run, host);
    };
    const first = data.entities.find((entity) => entity.verdict === 'violated' && entity.run !== undefined) ?? data.entities.find((entity) => entity.run !== undefined) ?? data.entities[0];
    if (first !== undefined) show(first);
  }
  if (data.text !== undefined) root.append(panel('What pacelc printed', 'report-text', element('details', {}, element('summary', {}, 'the report as text'), element('pre', {}, data.text))));
  (window as unknown as { pacelcRun: unknown }).pacelcRun = {
    boxOf: (id: number) => probe.current?.boxOf(id),
    range: () => (probe.current === undefined ? undefined : { start: probe.current.range.start, end: probe.current.range.end }),
    entity: () => probe.entity,
    bars: () => probe.current?.timeline.drawnBars,
  };
});

function entitiesPanel(data: RunReportData, onShow: (entity: VerifyEntityView) => void): HTMLElement {
  const table = element('table', { class: 'entities', id: 'entities' });
  table.append(element('tr', {}, ...['entity', 'verdict', 'simulated as', 'runs', 'checked', ''].map((heading) => element('th', {}, heading))));
  for (const entity of data.entities ?? []) {
    const verdict = entity.verdict === 'violated' ? 'refuted' : entity.verdict === 'unknown' ? 'undecided' : entity.verdict;
    const runs = entity.runs.length === 0 ? '—' : `${entity.runs.filter((run) => run.verdict === 'holds').length}/${entity.runs.length} hold`;
    const button = element('button', { type: 'button', class: 'entity', 'data-entity': entity.entity }, entity.run === undefined ? 'details' : 'draw its run');
    button.addEventListener('click', () => onShow(entity));
    table.append(
      element(
        'tr',
        { 'data-verdict': entity.verdict },
        element('td', {}, entity.entity),
        element('td', {}, element('span', { class: `verdict ${entity.verdict === 'violated' ? 'violated' : entity.verdict === 'holds' ? 'holds' : 'unknown'}` }, verdict)),
        element('td', { class: 'mono' }, entity.protocol),
        element('td', {}, runs),
        element('td', {}, entity.checked.join(', ') || '—'),
        element('td', {}, button),
      ),
    );
  }
  const verdict = data.verdict === 'violated' ? 'refuted' : data.verdict === 'unknown' ? 'undecided' : 'holds';
  return panel(`Claims of ${data.system ?? 'the design'}`, 'entities-panel', element('p', {}, element('span', { class: `verdict ${data.verdict}` }, verdict)), table);
}
