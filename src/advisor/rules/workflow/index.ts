import type { DecisionRule } from '../../rule.js';
import { choreography } from './choreography.js';
import { orchestration } from './orchestration.js';
import type { WorkflowInput } from './shared.js';

export { compensationOrder } from './compensation.js';
export { sagaDeadline } from './deadline.js';
export { outboxMessaging } from './messaging.js';
export { classifySteps, type WorkflowInput } from './shared.js';

/** Orchestration or choreography, in order. */
export const coordinationRules: readonly DecisionRule<WorkflowInput, 'orchestration' | 'choreography'>[] = [orchestration, choreography];
