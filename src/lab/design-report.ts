import type { Design } from '../advisor/design-types.js';
import { designReportData } from './design-report-data.js';
import { renderReport } from './render-report.js';

/**
 * The design as one self-contained HTML page (`pacelc design SPEC --html out.html`): services and
 * stores, replication across regions, each saga, and every decision's why, trade-off,
 * alternatives and sources a click away. Opens from disk, offline.
 *
 * @example
 * ```ts
 * writeFileSync('design.html', renderDesignReport(design(parseSpec(text, { file: 'shop.yaml' }))));
 * ```
 */
export function renderDesignReport(result: Design): string {
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  return renderReport({
    title: `design: ${result.system.name}`,
    kind: 'design',
    data: designReportData(result),
    subtitle: `${result.entities.length === 1 ? '1 entity' : `${result.entities.length} entities`}, ${plural(result.workflows.length, 'saga')}, ${plural(result.conflicts.length, 'conflict')}, ${plural(result.warnings.length, 'warning')}`,
  });
}
