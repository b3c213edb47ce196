// The lab's front end (`pacelc lab`): a spec editor with completion and problems as you type, the
// design redrawn as the spec changes, and verify runs with live progress (server-sent events).
import '../shared/report.css';
import '../design/design.css';
import './lab.css';
import { drawDesign } from '../design/draw-design.js';
import { element, panel } from '../shared/dom.js';
import { readReportData, startReport } from '../shared/report-data.js';
import type { CompletionResult, LabDesignResult, LabPageData, LabRunEvent, LabRunSummary, LabSaved } from './data.js';

const designDelayMs = 250;
const completionDelayMs = 120;

async function postJson<Answer>(path: string, body: unknown): Promise<{ status: number; body: Answer }> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Answer };
}

/** Calls `run` `delayMs` after the last call (the page's only timers: the browser's own). */
function debounced(delayMs: number, run: () => void): () => void {
  let timer: number | undefined;
  return () => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = window.setTimeout(run, delayMs);
  };
}

startReport(() => {
  const data = readReportData<LabPageData>();
  const root = document.getElementById('report');
  if (root === null) throw new Error('the page holds no #report element');

  // The editor.
  const editor = element('textarea', { id: 'spec', spellcheck: 'false', autocomplete: 'off', 'aria-label': `spec ${data.spec.file}` });
  editor.value = data.spec.text;
  const completions = element('ul', { id: 'completions', role: 'listbox', hidden: true });
  const status = element('p', { id: 'spec-status' }, 'designing…');
  const problems = element('ul', { id: 'problems' });
  // Saving: back to the file the lab was started with, unless it changed on disk since (the server checks the hash).
  const saveButton = element('button', { type: 'button', id: 'save', disabled: !data.spec.savable, title: data.spec.savable ? `write the spec to ${data.spec.file} (Ctrl-S)` : 'started without a SPEC file: run pacelc lab SPEC to save' }, 'Save');
  const saveStatus = element('span', { id: 'save-status', class: 'muted' }, data.spec.savable ? '' : 'saving needs pacelc lab SPEC');
  let savedHash = data.spec.hash;
  let saves = 0;
  const save = async (): Promise<void> => {
    if (!data.spec.savable) return;
    const answer = await postJson<LabSaved & { error?: string }>('/api/save', { text: editor.value, hash: savedHash });
    saves++;
    if (answer.status === 200) {
      savedHash = answer.body.hash;
      saveStatus.className = 'ok';
      saveStatus.textContent = `✓ saved to ${answer.body.file} (${answer.body.bytes} bytes)`;
    } else {
      saveStatus.className = 'bad';
      saveStatus.textContent = `✗ ${answer.body.error ?? `the server answered ${answer.status}`}`;
    }
    document.body.dataset['saved'] = `${saves} ${answer.status}`;
  };
  saveButton.addEventListener('click', () => void save());
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void save();
    }
  });
  const editorPanel = panel(
    `Spec: ${data.spec.file}`,
    'editor',
    element('div', { class: 'editor-wrap' }, editor, completions),
    element('div', { class: 'save-row' }, saveButton, saveStatus),
    status,
    problems,
    element('p', { class: 'muted' }, 'Ctrl-Space completes a field or a value from the schema; Tab or Enter takes the highlighted one.'),
  );

  // Verify.
  const number = (id: string, value: number, min: number, max: number): HTMLInputElement => element('input', { type: 'number', id, name: id, value, min, max, step: 1 });
  const seeds = number('seeds', 5, 1, data.limits.seeds);
  const firstSeed = number('first-seed', 1, 0, Number.MAX_SAFE_INTEGER);
  const operations = number('operations', 300, 1, data.limits.operations);
  const entity = element('select', { id: 'entity', name: 'entity' }, element('option', { value: '' }, 'every entity'));
  const drawn = element('input', { type: 'checkbox', id: 'drawn-faults', checked: true });
  const faultKind = element('select', { id: 'fault-kind' }, element('option', { value: '' }, 'none'), ...data.faultKinds.map((kind) => element('option', { value: kind }, kind)));
  const faultNodes = element('input', { type: 'text', id: 'fault-nodes', value: '0', placeholder: '0, 1' });
  const faultFrom = number('fault-from', 200, 0, data.limits.faultEndMs);
  const faultTo = number('fault-to', 1_500, 1, data.limits.faultEndMs);
  const clusterNote = element('span', { class: 'muted', id: 'cluster-note' });
  const runButton = element('button', { type: 'submit', class: 'primary', id: 'run-verify' }, 'Run verify');
  const progress = element('progress', { id: 'run-progress', max: 1, value: 0, hidden: true });
  const runText = element('div', { id: 'run-text', class: 'muted' });
  const runError = element('div', { id: 'run-error' });
  const form = element(
    'form',
    { id: 'verify-form' },
    element('label', { for: 'seeds' }, 'seeds'),
    seeds,
    element('label', { for: 'first-seed' }, 'first seed'),
    firstSeed,
    element('label', { for: 'operations' }, 'operations'),
    operations,
    element('label', { for: 'entity' }, 'entity'),
    entity,
    element('label', { for: 'drawn-faults' }, 'faults drawn from the seed'),
    element('span', {}, drawn, ` ${data.drawnFaultKinds.join(', ')}`),
    element(
      'fieldset',
      {},
      element('legend', {}, 'a fault by hand (needs an entity)'),
      element('label', { for: 'fault-kind' }, 'fault'),
      faultKind,
      element('label', { for: 'fault-nodes' }, 'nodes'),
      element('span', {}, faultNodes, ' ', clusterNote),
      element('label', { for: 'fault-from' }, 'from (ms)'),
      faultFrom,
      element('label', { for: 'fault-to' }, 'to (ms)'),
      faultTo,
    ),
    element('div', { class: 'actions' }, runButton),
  );
  const runs = element('ul', { id: 'runs' });
  const verifyPanel = panel('Verify', 'verify', form, element('div', { id: 'run-state' }, progress, runText, runError), element('h3', {}, 'Runs'), runs);
  const designHolder = element('div', { id: 'design' });
  root.append(element('div', { class: 'lab-top' }, editorPanel, verifyPanel), designHolder);

  // The design, redrawn as the spec changes (a late answer to an older text is dropped).
  let asked = 0;
  let clusters: { entity: string; nodes: number }[] = [];
  const redesign = async (): Promise<void> => {
    const ticket = ++asked;
    const answer = await postJson<LabDesignResult>('/api/design', { text: editor.value, file: data.spec.file });
    if (ticket !== asked) return;
    const result = answer.body;
    if (result.ok) {
      status.className = 'ok';
      status.textContent = `✓ designed: ${result.conflicts} conflict${result.conflicts === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}`;
      editor.classList.remove('has-problems');
      problems.replaceChildren();
      drawDesign(designHolder, result.design);
      clusters = result.clusters.map((cluster) => ({ ...cluster }));
      const chosen = entity.value;
      entity.replaceChildren(element('option', { value: '' }, 'every entity'), ...clusters.map((cluster) => element('option', { value: cluster.entity, disabled: cluster.nodes === 0 }, `${cluster.entity}${cluster.nodes === 0 ? ' (not modelled)' : ` (${cluster.nodes} nodes)`}`)));
      if (clusters.some((cluster) => cluster.entity === chosen)) entity.value = chosen;
      noteCluster();
    } else {
      status.className = 'bad';
      status.textContent = `✗ ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}: the design shown is the last good one`;
      editor.classList.add('has-problems');
      problems.replaceChildren(
        ...result.problems.map((problem) => {
          const item = element('li', { 'data-line': problem.line ?? '', 'data-column': problem.column ?? '' }, problem.text);
          item.addEventListener('click', () => moveTo(problem.line, problem.column));
          return item;
        }),
      );
    }
    document.body.dataset['designed'] = String(ticket);
  };
  const noteCluster = (): void => {
    const cluster = clusters.find((candidate) => candidate.entity === entity.value);
    clusterNote.textContent = cluster === undefined ? 'choose an entity' : `0 to ${cluster.nodes - 1}`;
  };
  entity.addEventListener('change', noteCluster);
  const moveTo = (line: number | undefined, column: number | undefined): void => {
    if (line === undefined) return;
    const lines = editor.value.split('\n');
    const offset = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + Math.max(0, (column ?? 1) - 1);
    editor.focus();
    editor.setSelectionRange(offset, offset);
  };

  // Completion from the schema.
  let items: CompletionResult['items'] = [];
  let range = { from: 0, to: 0 };
  let active = 0;
  const hideCompletions = (): void => {
    completions.hidden = true;
    items = [];
  };
  const showCompletions = (): void => {
    completions.replaceChildren(
      ...items.map((item, index) => {
        const row = element('li', { role: 'option', class: index === active ? 'active' : undefined, 'data-insert': item.insert }, element('span', { class: 'insert' }, item.insert), element('span', { class: 'detail' }, item.detail ?? item.kind));
        row.addEventListener('mousedown', (event) => {
          event.preventDefault();
          accept(index);
        });
        return row;
      }),
    );
    completions.hidden = items.length === 0;
  };
  const complete = async (explicit: boolean): Promise<void> => {
    const offset = editor.selectionStart;
    const lineStart = editor.value.lastIndexOf('\n', offset - 1) + 1;
    const typed = editor.value.slice(lineStart, offset);
    // Unasked, only while a word (or a value after ": ") is being typed.
    if (!explicit && !/(?:^\s*(?:- )?[\w$-]+|:\s+[\w.-]*)$/.test(typed)) return hideCompletions();
    const answer = await postJson<CompletionResult>('/api/complete', { text: editor.value, offset });
    if (answer.status !== 200 || editor.selectionStart !== offset) return;
    items = answer.body.items.filter((item) => explicit || editor.value.slice(answer.body.from, answer.body.to) !== item.insert);
    range = { from: answer.body.from, to: answer.body.to };
    active = 0;
    showCompletions();
  };
  const accept = (index: number): void => {
    const item = items[index];
    if (item === undefined) return;
    const suffix = item.kind === 'field' ? ': ' : '';
    editor.setRangeText(item.insert + suffix, range.from, range.to, 'end');
    hideCompletions();
    editor.dispatchEvent(new Event('input'));
  };
  const redesignSoon = debounced(designDelayMs, () => void redesign());
  const completeSoon = debounced(completionDelayMs, () => void complete(false));
  editor.addEventListener('input', () => {
    if (data.spec.savable && saveStatus.className !== 'bad') {
      saveStatus.className = 'muted';
      saveStatus.textContent = 'unsaved changes';
    }
    redesignSoon();
    completeSoon();
  });
  editor.addEventListener('blur', hideCompletions);
  editor.addEventListener('keydown', (event) => {
    if (event.key === ' ' && event.ctrlKey) {
      event.preventDefault();
      void complete(true);
      return;
    }
    if (completions.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      active = (active + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      showCompletions();
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      accept(active);
    } else if (event.key === 'Escape') {
      hideCompletions();
    }
  });

  // Verify runs.
  const refreshRuns = async (): Promise<void> => {
    const list = (await (await fetch('/api/runs')).json()) as LabRunSummary[];
    runs.replaceChildren(...list.map(runItem));
  };
  const runItem = (run: LabRunSummary): HTMLElement => {
    const item = element('li', { class: `status-${run.status}${run.verdict === undefined ? '' : ` verdict-${run.verdict}`}`, 'data-run': run.id, 'data-verdict': run.verdict ?? run.status }, element('strong', {}, run.verdict ?? run.status), ` ${run.label} `);
    if (run.status === 'done') {
      item.append(
        element(
          'span',
          { class: 'links' },
          run.reportHtml === undefined ? null : element('a', { href: run.reportHtml, target: '_blank', class: 'pictures' }, 'pictures'),
          ' · ',
          element('a', { href: `/api/runs/${run.id}/report.json`, target: '_blank' }, 'JSON'),
        ),
      );
    }
    return item;
  };
  const violations = element('div', { id: 'violations' });
  verifyPanel.insertBefore(violations, runs.previousSibling);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void startRun();
  });
  const startRun = async (): Promise<void> => {
    runError.textContent = '';
    violations.replaceChildren();
    const fault =
      faultKind.value === ''
        ? undefined
        : {
            kind: faultKind.value,
            nodes: faultNodes.value
              .split(/[\s,]+/)
              .filter((part) => part !== '')
              .map(Number),
            fromMs: Number(faultFrom.value),
            toMs: Number(faultTo.value),
          };
    const request = {
      text: editor.value,
      file: data.spec.file,
      seeds: Number(seeds.value),
      firstSeed: Number(firstSeed.value),
      operations: Number(operations.value),
      ...(entity.value === '' ? {} : { entity: entity.value }),
      ...(drawn.checked ? {} : { drawnFaults: [] }),
      ...(fault === undefined ? {} : { fault }),
    };
    const answer = await postJson<LabRunSummary & { error?: string; problems?: { text: string }[] }>('/api/runs', request);
    if (answer.status !== 202) {
      runError.textContent = answer.body.problems === undefined ? (answer.body.error ?? `the server answered ${answer.status}`) : `${answer.body.error ?? ''}: ${answer.body.problems.map((problem) => problem.text).join('; ')}`;
      return;
    }
    runButton.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    runText.textContent = `${answer.body.label}: starting…`;
    document.body.dataset['run'] = 'running';
    await refreshRuns();
    const events = new EventSource(`/api/runs/${answer.body.id}/events`);
    const finish = (): void => {
      events.close();
      runButton.disabled = false;
      void refreshRuns();
    };
    events.addEventListener('progress', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as Extract<LabRunEvent, { type: 'progress' }>;
      progress.max = event.total;
      progress.value = event.done;
      runText.textContent = `${event.done} of ${event.total} runs · ${event.entity} seed ${event.seed}: ${event.verdict}`;
    });
    events.addEventListener('done', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as Extract<LabRunEvent, { type: 'done' }>;
      runText.replaceChildren(element('span', { class: `verdict ${event.verdict}`, id: 'run-verdict' }, event.verdict), ` ${event.entities.map((one) => `${one.entity}: ${one.verdict}`).join(', ')}`);
      violations.replaceChildren(
        ...event.entities
          .filter((one) => one.firstViolationSeed !== undefined)
          .map((one) => {
            const again = element('button', { type: 'button', class: 'rerun' }, `re-run ${one.entity} seed ${one.firstViolationSeed}`);
            again.addEventListener('click', () => {
              entity.value = one.entity;
              firstSeed.value = String(one.firstViolationSeed);
              seeds.value = '1';
              noteCluster();
              faultKind.focus();
            });
            return element('p', {}, `${one.entity} refuted by seed ${one.firstViolationSeed}: `, again, element('span', { class: 'muted' }, ' (add a fault by hand to see what it changes)'));
          }),
      );
      document.body.dataset['run'] = event.verdict;
      finish();
    });
    events.addEventListener('failed', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as Extract<LabRunEvent, { type: 'failed' }>;
      runError.textContent = `the run failed: ${event.message}`;
      document.body.dataset['run'] = 'failed';
      finish();
    });
  };

  void redesign();
  void refreshRuns();
});
