// The design report's front end: `pacelc design SPEC --html out.html`.
import '../shared/report.css';
import './design.css';
import { readReportData, startReport } from '../shared/report-data.js';
import type { DesignReportData } from './data.js';
import { drawDesign } from './draw-design.js';

startReport(() => {
  const root = document.getElementById('report');
  if (root === null) throw new Error('the page holds no #report element');
  drawDesign(root, readReportData<DesignReportData>());
});
