import type { LabPageData } from './lab-api.js';
import { renderReport } from './render-report.js';

export type { LabPageData } from './lab-api.js';

/**
 * The lab's page: the shared report shell with the lab's front end (web/lab/), allowed to talk
 * to the server that served it and nothing else.
 *
 * @example
 * ```ts
 * response.end(labPage({ spec, faultKinds: handFaultKinds, drawnFaultKinds: faultKinds, limits: labLimits }));
 * ```
 */
export function labPage(data: LabPageData): string {
  return renderReport({ title: `pacelc lab: ${data.spec.file}`, kind: 'lab', data, subtitle: 'edit the spec; the design follows; verify it', connectToOrigin: true });
}
