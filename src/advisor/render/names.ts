import type { Design } from '../design-types.js';

/** Every service named in a design (owners of entities, saga participants, callers and callees), in first-seen order. */
export function serviceNamesOfDesign(result: Design): string[] {
  const names = new Set<string>();
  for (const entity of result.entities) names.add(entity.service);
  for (const workflow of result.workflows) for (const step of workflow.steps) names.add(step.service);
  for (const call of result.calls) {
    names.add(call.from);
    names.add(call.to);
  }
  return [...names];
}
