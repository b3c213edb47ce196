import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { classifySteps, type WorkflowInput } from './shared.js';

/** Compensations run in reverse order of the completed compensatable steps; the pivot decides the outcome. */
export const compensationOrder: DecisionRule<WorkflowInput, { order: readonly string[]; pivot?: string }> = {
  id: 'saga.compensation',
  title: 'Compensate in reverse order; put the pivot after every compensatable step',
  sources: [literature.sagas, literature.richardsonSaga],
  decide: ({ workflow }) => {
    const kinds = classifySteps(workflow);
    const pivotIndex = kinds.indexOf('pivot');
    const pivot = pivotIndex >= 0 ? workflow.steps[pivotIndex]?.name : undefined;
    const order = workflow.steps
      .filter((step, index) => kinds[index] === 'compensatable' && (pivotIndex < 0 || index < pivotIndex))
      .map((step) => step.compensation ?? step.name)
      .reverse();
    return {
      choice: { order, ...(pivot === undefined ? {} : { pivot }) },
      summary: order.length === 0 ? 'nothing to compensate' : `on failure${pivot === undefined ? '' : ` before ${pivot} succeeds`}: ${order.join(' → ')}`,
      why: `A saga has no rollback: each completed step is undone by its compensation, in reverse order, so later steps never see their preconditions vanish.${pivot === undefined ? '' : ` ${pivot} is the pivot (it cannot be undone): once it succeeds the saga must finish, so the steps after it are retried until they succeed.`}`,
      tradeOff: 'Between a step and its compensation other transactions see the intermediate state (no isolation): use semantic locks (e.g. a PENDING status) or commutative updates.',
      alternatives: [{ choice: 'two-phase commit', whyRejected: 'holds locks across services and blocks when the coordinator fails' }],
    };
  },
};
