import type { StepKind } from '../../design-types.js';
import type { Spec, WorkflowSpec } from '../../spec/schema.js';

/** What a workflow rule sees. */
export interface WorkflowInput {
  readonly spec: Spec;
  readonly workflow: WorkflowSpec;
  /** The coordination already decided, for rules that depend on it (who enforces the deadline). */
  readonly coordination?: 'orchestration' | 'choreography';
}

/** With no deadline in the spec, a saga still gets one: a stuck saga must end. */
export const defaultDeadlineMs = 60_000;

/**
 * Each step's kind in the saga (Richardson's terms): compensatable steps come first, then the
 * pivot (the first step that cannot be undone), then retriable steps that must eventually succeed.
 */
export function classifySteps(workflow: WorkflowSpec): StepKind[] {
  let pivotSeen = false;
  return workflow.steps.map((step) => {
    if (pivotSeen) return step.compensation !== undefined && step.retriable !== true ? 'compensatable' : 'retriable';
    if (step.compensation !== undefined) return 'compensatable';
    if (step.retriable === true) return 'retriable';
    pivotSeen = true;
    return 'pivot';
  });
}
