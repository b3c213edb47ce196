import type { EntityContext } from '../context.js';
import type { CallDesign, Conflict, EntityDesign, Warning, WorkflowDesign } from '../design-types.js';
import type { Geography } from '../regions.js';
import type { CheckRule } from '../rule.js';
import type { Spec } from '../spec/schema.js';

/** What warning and conflict rules see: the spec and every decision made. */
export interface ReviewInput {
  readonly spec: Spec;
  readonly geography: Geography;
  readonly contexts: readonly EntityContext[];
  readonly entities: readonly EntityDesign[];
  readonly calls: readonly CallDesign[];
  readonly workflows: readonly WorkflowDesign[];
}

export type WarningDraft = Omit<Warning, 'ruleId' | 'sources'>;
export type ConflictDraft = Omit<Conflict, 'ruleId' | 'sources'>;

/** Runs check rules and stamps each finding with its rule's id and sources. */
export function runChecks<Draft extends object>(rules: readonly CheckRule<ReviewInput, Draft>[], input: ReviewInput): (Draft & { ruleId: string; sources: CheckRule<ReviewInput, Draft>['sources'] })[] {
  return rules.flatMap((rule) => rule.check(input).map((finding) => ({ ruleId: rule.id, ...finding, sources: rule.sources })));
}
