import type { Spec } from '../../spec/schema.js';

/** The services of a spec: declared ones plus every name used by entities, steps and calls. */
export function serviceNames(spec: Spec): string[] {
  const names = new Set<string>(spec.services?.map((service) => service.name) ?? []);
  for (const entity of spec.entities) names.add(entity.service);
  for (const workflow of spec.workflows ?? []) for (const step of workflow.steps) names.add(step.service);
  for (const call of spec.calls ?? []) {
    names.add(call.from);
    names.add(call.to);
  }
  return [...names];
}

export type Discovery = 'client-side' | 'server-side' | 'service-mesh';
