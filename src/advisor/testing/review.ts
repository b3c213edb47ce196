// Runs the whole advisor on a small spec and returns the findings of one rule.
import { design } from '../design.js';
import type { Spec } from '../spec/schema.js';

export function warningsOf(spec: Spec, ruleId: string) {
  return design(spec).warnings.filter((warning) => warning.ruleId === ruleId);
}

export function conflictsOf(spec: Spec, ruleId: string) {
  return design(spec).conflicts.filter((conflict) => conflict.ruleId === ruleId);
}
