// The check report's front end: `pacelc check HISTORY --html out.html`.
import '../shared/report.css';
import { element, formatCount, panel } from '../shared/dom.js';
import { readReportData, startReport } from '../shared/report-data.js';
import type { CheckReportData } from './data.js';

startReport(() => {
  const data = readReportData<CheckReportData>();
  const root = document.getElementById('report');
  if (root === null) throw new Error('the page holds no #report element');
  root.append(
    panel(
      'Verdict',
      'verdict',
      element('span', { class: `verdict ${data.verdict}` }, data.verdict === 'unknown' ? 'undecided' : data.verdict),
      ' ',
      element('span', { class: 'muted' }, `${data.consistency} · model ${data.model} · ${formatCount(data.operationCount)} operations`),
    ),
  );
});
