// The shape of the data src/lab/design-report.ts inlines into a design report, and the lab sends
// as the spec changes (kept in one place: the Node side builds it, the page draws it).
export type { DesignReportData } from '../../src/lab/design-report-data.js';
export type { DecisionView, DrawnEntity } from '../../src/lab/design-view.js';
