import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { WorkflowInput } from './shared.js';

/** Few steps, no deadline, no central view → choreography: each service reacts to the previous event. */
export const choreography: DecisionRule<WorkflowInput, 'orchestration' | 'choreography'> = {
  id: 'saga.choreography',
  title: 'Choreograph short sagas',
  sources: [literature.richardsonSaga],
  decide: ({ workflow }) => ({
    choice: 'choreography',
    summary: 'choreography: each service reacts to the previous step’s event',
    why: `${workflow.name} has ${workflow.steps.length} steps and no deadline or central view to own: services publishing and consuming events keep them loosely coupled with no extra component.`,
    tradeOff: 'The flow exists only implicitly in who listens to what: trace it with correlation ids, and switch to orchestration if steps or deadlines are added.',
    alternatives: [{ choice: 'orchestration', whyRejected: 'an extra stateful service for a short flow that nothing needs to oversee' }],
  }),
};
