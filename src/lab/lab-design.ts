import { design } from '../advisor/design.js';
import { parseSpec } from '../advisor/spec/parse.js';
import { InputError, formatProblem } from '../errors.js';
import { createProtocol } from '../replication/index.js';
import { planVerification } from '../verify/plan.js';
import { designReportData } from './design-report-data.js';
import type { LabDesignResult } from './lab-api.js';

export type { LabCluster, LabDesignResult } from './lab-api.js';

/**
 * Validates a spec as `pacelc design` does and designs it: the lab calls this as the user types.
 * Bad input is an answer here, not an error: the problems come back, each with the line and
 * column and the text `pacelc design` prints for it.
 *
 * @example
 * ```ts
 * const result = labDesign('system: {}\n', 'spec.yaml');
 * if (!result.ok) result.problems[0]?.text; // 'spec.yaml:1:9: system.name: missing required field: expected a string'
 * ```
 */
export function labDesign(text: string, file: string): LabDesignResult {
  let result;
  try {
    result = design(parseSpec(text, { file }));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { ok: false, problems: error.problems.map((problem) => ({ ...problem, text: formatProblem(problem) })) };
  }
  const clusters = planVerification(result).map((plan) => ({ entity: plan.entity, nodes: plan.protocol === undefined ? 0 : createProtocol(plan.protocol).nodeCount }));
  return { ok: true, design: designReportData(result), clusters, conflicts: result.conflicts.length, warnings: result.warnings.length };
}
