import type { CheckRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/** A workflow coordinated by 2PC across services. */
export const twoPhaseCommit: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.two-phase-commit',
  title: 'Two-phase commit across services',
  sources: [literature.twoPhaseCommit, literature.sagas],
  check: ({ spec }) =>
    (spec.workflows ?? [])
      .filter((workflow) => workflow.coordination === 'two-phase-commit' && new Set(workflow.steps.map((step) => step.service)).size > 1)
      .map((workflow) => ({
        subject: `workflows.${workflow.name}`,
        message: `${workflow.name} uses two-phase commit across ${new Set(workflow.steps.map((step) => step.service)).size} services: participants hold locks until the coordinator decides, and if it fails after "prepare" they block, so the availability of the whole is the product of each part's.`,
        fix: 'Use the saga designed below: local transactions with compensations, an outbox, and idempotent handlers.',
      })),
};
