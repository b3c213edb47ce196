// Draws a design (the SVG is laid out on the Node side) and makes every box and arrow that stands
// for a decision clickable: its why, trade-off, alternatives and sources show beside the picture.
// Used by the design report and by the lab, which redraws it as the spec changes.
import { element, panel } from '../shared/dom.js';
import type { DecisionView, DesignReportData } from './data.js';

/** Draws `data` into `root` (replacing what was there); returns the decisions panel. */
export function drawDesign(root: HTMLElement, data: DesignReportData): HTMLElement {
  const details = element('aside', { class: 'panel', id: 'decision-panel', 'aria-live': 'polite' }, element('h2', {}, 'Decisions'), element('p', { class: 'muted' }, 'Click a box or an arrow to see the decisions behind it: why, the trade-off, the alternatives and the sources.'));
  const graphs = element('div', { class: 'graphs' });
  for (const graph of data.graphs) {
    const holder = element('div', { class: 'graph-scroll' });
    holder.innerHTML = graph.svg;
    graphs.append(panel(graph.title, `graph-${graph.id.replace(/[^A-Za-z0-9_-]/g, '-')}`, holder));
  }
  graphs.append(issuesPanel(data), allDecisionsPanel(data));
  root.replaceChildren(summaryPanel(data), element('div', { class: 'design-layout' }, graphs, details));

  const select = (target: Element): void => {
    for (const selected of root.querySelectorAll('.selected')) selected.classList.remove('selected');
    target.classList.add('selected');
    const ids = (target.getAttribute('data-decisions') ?? '').split(' ').filter((id) => id !== '');
    const title = target.querySelector('title')?.textContent ?? '';
    details.replaceChildren(element('h2', {}, title === '' ? 'Decisions' : title), ...ids.map((id) => data.decisions[id]).filter((decision): decision is DecisionView => decision !== undefined).map(decisionElement));
    details.scrollTop = 0;
  };
  for (const target of root.querySelectorAll('svg [data-decisions]')) {
    target.addEventListener('click', () => select(target));
    target.addEventListener('keydown', (event) => {
      const key = (event as KeyboardEvent).key;
      if (key === 'Enter' || key === ' ') {
        event.preventDefault();
        select(target);
      }
    });
  }
  return details;
}

function summaryPanel(data: DesignReportData): HTMLElement {
  const count = (items: number, word: string): string => `${items} ${word}${items === 1 ? '' : 's'}`;
  const stores = data.entities.filter((entity) => entity.kind === 'store').length;
  const services = data.entities.filter((entity) => entity.kind === 'service').length;
  const sagas = data.entities.filter((entity) => entity.kind === 'saga').length;
  return panel(
    data.system,
    'summary',
    element(
      'p',
      {},
      `${count(services, 'service')}, ${count(stores, 'store')}, ${count(data.regions.length, 'region')} (${data.regions.join(', ')}), ${count(sagas, 'saga')}, ${count(Object.keys(data.decisions).length, 'decision')} · `,
      element('span', { class: `verdict ${data.conflicts.length > 0 ? 'violated' : data.warnings.length > 0 ? 'unknown' : 'holds'}` }, `${count(data.conflicts.length, 'conflict')}, ${count(data.warnings.length, 'warning')}`),
    ),
  );
}

function issuesPanel(data: DesignReportData): HTMLElement {
  if (data.conflicts.length === 0 && data.warnings.length === 0) return panel('Conflicts and warnings', 'issues', element('p', { class: 'muted' }, 'None: the requirements agree with one another and no anti-pattern was found.'));
  return panel(
    'Conflicts and warnings',
    'issues',
    element(
      'ul',
      { class: 'issues' },
      ...data.conflicts.map((conflict) => element('li', { class: 'conflict' }, element('strong', {}, `conflict ${conflict.subject}: `), conflict.explanation, element('ul', {}, ...conflict.options.map((option) => element('li', {}, option))))),
      ...data.warnings.map((warning) => element('li', { class: 'warning' }, element('strong', {}, `warning ${warning.subject}: `), warning.message, element('br'), element('span', { class: 'muted' }, `fix: ${warning.fix}`))),
    ),
  );
}

function allDecisionsPanel(data: DesignReportData): HTMLElement {
  const entries = Object.values(data.decisions).map((decision) =>
    element('details', { class: 'decision-entry', id: `decision-${decision.id}` }, element('summary', {}, element('strong', {}, `${decision.subject} · ${decision.topic}: `), decision.summary), decisionElement(decision)),
  );
  return panel('Every decision', 'all-decisions', ...entries);
}

function decisionElement(decision: DecisionView): HTMLElement {
  return element(
    'section',
    { class: 'decision', 'data-decision': decision.id },
    element('h3', {}, `${decision.subject} · ${decision.topic}: ${decision.summary} `, element('span', { class: 'rule' }, `[${decision.ruleId}]`)),
    element(
      'dl',
      {},
      element('dt', {}, 'Why'),
      element('dd', { class: 'why' }, decision.why),
      element('dt', {}, 'Trade-off'),
      element('dd', { class: 'trade-off' }, decision.tradeOff),
      decision.alternatives.length === 0 ? null : element('dt', {}, 'Alternatives'),
      decision.alternatives.length === 0 ? null : element('dd', {}, element('ul', {}, ...decision.alternatives.map((alternative) => element('li', {}, element('strong', {}, alternative.choice), `: ${alternative.whyRejected}`)))),
      element('dt', {}, 'Sources'),
      element(
        'dd',
        { class: 'sources' },
        element(
          'ul',
          {},
          ...decision.sources.map((source) => {
            const text = `${source.title}${source.detail === undefined ? '' : `, ${source.detail}`}`;
            return element('li', {}, source.url === undefined ? text : element('a', { href: source.url, target: '_blank', rel: 'noopener noreferrer' }, text));
          }),
        ),
      ),
    ),
  );
}
