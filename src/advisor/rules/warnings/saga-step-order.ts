import type { CheckRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';
import { classifySteps } from '../workflow/shared.js';

/** A step that may fail after the pivot, or two steps that can neither be undone nor retried. */
export const sagaStepOrder: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.saga-step-order',
  title: 'Saga steps after the pivot that can fail',
  sources: [literature.richardsonSaga, literature.sagas],
  check: ({ spec }) =>
    (spec.workflows ?? []).flatMap((workflow) => {
      const kinds = classifySteps(workflow);
      const pivotIndex = kinds.indexOf('pivot');
      if (pivotIndex < 0) return [];
      const pivot = workflow.steps[pivotIndex]?.name ?? '';
      const late = workflow.steps.filter((step, index) => index > pivotIndex && kinds[index] === 'compensatable');
      const stuck = workflow.steps.filter((step, index) => index > pivotIndex && step.compensation === undefined && step.retriable !== true);
      if (late.length === 0 && stuck.length === 0) return [];
      const names = [...late, ...stuck].map((step) => step.name).join(', ');
      return [{
        subject: `workflows.${workflow.name}`,
        message: `In ${workflow.name}, ${names} come${late.length + stuck.length === 1 ? 's' : ''} after ${pivot}, the step that cannot be undone: if ${late.length + stuck.length === 1 ? 'it fails' : 'one fails'}, the saga can neither roll back past ${pivot} nor finish.`,
        fix: `Move every step that can fail before ${pivot}, or make the steps after it retriable (idempotent, retried until they succeed), marking them \`retriable: true\`.`,
      }];
    }),
};
