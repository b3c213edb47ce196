import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { defaultDeadlineMs, type WorkflowInput } from './shared.js';

const maxCompensationAttempts = 10;

/** Every saga has a deadline; on expiry it compensates; compensations that keep failing go to a dead-letter queue. */
export const sagaDeadline: DecisionRule<WorkflowInput, { deadlineMs: number; onExpiry: 'compensate'; deadLetter: string; maxCompensationAttempts: number }> = {
  id: 'saga.deadline-dead-letter',
  title: 'Deadline, compensation on expiry, and a dead-letter path',
  sources: [literature.richardsonSaga],
  decide: ({ workflow, coordination }) => {
    const deadlineMs = workflow.deadlineMs ?? defaultDeadlineMs;
    const deadLetter = `${workflow.name}.dead-letter`;
    const starter = workflow.steps[0]?.service ?? 'the first service';
    const enforcer =
      coordination === 'choreography'
        ? `; with no orchestrator, ${starter} (which starts the saga) keeps a timer per instance and publishes ${workflow.name}.expired, on which every participant compensates`
        : coordination === 'orchestration'
          ? `; the ${workflow.name} orchestrator enforces it`
          : '';
    return {
      choice: { deadlineMs, onExpiry: 'compensate', deadLetter, maxCompensationAttempts },
      summary: `deadline ${deadlineMs} ms${workflow.deadlineMs === undefined ? ' (default: the spec sets none)' : ''}; then compensate; after ${maxCompensationAttempts} failed compensation attempts → ${deadLetter}${enforcer}`,
      why: 'A saga waiting on an unavailable service must end: at the deadline it compensates what is done; a compensation is retried with backoff (it must be idempotent), and one that still fails is parked for a person rather than retried forever.',
      tradeOff: 'A deadline too short aborts sagas that would have succeeded; the dead-letter queue needs an owner, an alert and a runbook.',
      alternatives: [{ choice: 'retry forever', whyRejected: 'holds semantic locks (reserved stock, held seats) indefinitely and hides the failure' }],
    };
  },
};
