import type { FaultKind } from '../sim/index.js';
import type { HandFault } from './lab-verify.js';

/** What the lab's page starts from. */
export interface LabPageData {
  readonly spec: { readonly text: string; readonly file: string };
  readonly faultKinds: readonly HandFault['kind'][];
  readonly drawnFaultKinds: readonly FaultKind[];
  readonly limits: { readonly seeds: number; readonly operations: number; readonly faultEndMs: number };
}

/** The lab's page (placeholder until the shared report shell is on main). */
export function labPage(data: LabPageData): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pacelc lab</title></head><body><script type="application/json" id="pacelc-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script></body></html>\n`;
}
