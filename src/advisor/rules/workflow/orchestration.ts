import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { WorkflowInput } from './shared.js';

/** Many steps, a deadline, or a need for a central view → an orchestrator owns the saga. */
export const orchestration: DecisionRule<WorkflowInput, 'orchestration' | 'choreography'> = {
  id: 'saga.orchestration',
  title: 'Orchestrate sagas with many steps, a deadline or a need for a central view',
  sources: [literature.richardsonSaga, literature.sagas],
  decide: ({ workflow }) => {
    const reasons = [
      ...(workflow.steps.length >= 4 ? [`${workflow.steps.length} steps (events between that many services become hard to follow)`] : []),
      ...(workflow.deadlineMs !== undefined ? [`a ${workflow.deadlineMs} ms deadline that someone must enforce`] : []),
      ...(workflow.centralView === true ? ['operators need one place that shows each instance’s state'] : []),
    ];
    if (reasons.length === 0) return undefined;
    return {
      choice: 'orchestration',
      summary: `orchestration: a ${workflow.name} orchestrator drives the steps`,
      why: `${workflow.name} has ${reasons.join(', ')}: an orchestrator keeps the saga's state in one place, times out stuck steps and runs compensations in reverse.`,
      tradeOff: 'The orchestrator is one more service to run (persist its state; make it highly available), and it couples to every participant’s API.',
      alternatives: [{ choice: 'choreography', whyRejected: 'no component would own the deadline or the overall state; with many steps the event chain becomes implicit and cyclic dependencies creep in' }],
    };
  },
};
