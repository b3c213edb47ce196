// The shape of the data src/lab/check-report.ts inlines into a check report (kept in one place:
// the writer imports this type too).

export interface CheckReportData {
  readonly file: string;
  readonly verdict: 'holds' | 'violated' | 'unknown';
  readonly model: string;
  readonly consistency: string;
  readonly operationCount: number;
}
