import { assert } from '../errors.js';
import type { Alternative, Decision } from './design-types.js';
import type { Citation } from './sources.js';

/** What a decision rule returns when it applies: the decision without its rule id and sources. */
export interface DecisionDraft<Choice> {
  readonly choice: Choice;
  readonly summary: string;
  readonly why: string;
  readonly tradeOff: string;
  readonly alternatives: readonly Alternative[];
}

/**
 * One rule of a decision: it applies to some inputs and then says what to choose. Rules of one
 * decision form an ordered list; the first that applies decides (a decision tree). Each rule lives in its own file with its rationale and sources.
 *
 * @example
 * ```ts
 * const moneyRule: DecisionRule<EntityContext, ConsistencyModel> = {
 *   id: 'consistency.money', title: 'Money needs linearizability', sources: [literature.herlihyWing],
 *   decide: ({ entity }) => entity.money ? { choice: 'linearizable', ... } : undefined,
 * };
 * ```
 */
export interface DecisionRule<Input, Choice> {
  /** Stable id, `topic.name`, printed with every decision it makes. */
  readonly id: string;
  readonly title: string;
  readonly sources: readonly Citation[];
  /** The decision, or `undefined` when the rule does not apply. */
  decide(input: Input): DecisionDraft<Choice> | undefined;
}

/**
 * Runs the rules in order and returns the first decision, stamped with the rule's id and sources.
 * The last rule of every list is a default that always applies.
 *
 * @example
 * ```ts
 * const consistency = decideFirst(consistencyRules, context);
 * consistency.ruleId; // 'consistency.money'
 * ```
 */
export function decideFirst<Input, Choice>(rules: readonly DecisionRule<Input, Choice>[], input: Input): Decision<Choice> {
  for (const rule of rules) {
    const draft = rule.decide(input);
    if (draft !== undefined) return { ...draft, ruleId: rule.id, sources: rule.sources };
  }
  assert(false, `no rule applied among ${rules.map((rule) => rule.id).join(', ')}: the last rule must be a default`);
}

/** A rule that looks for problems (anti-patterns, contradictions) and reports every one found. */
export interface CheckRule<Input, Finding> {
  readonly id: string;
  readonly title: string;
  readonly sources: readonly Citation[];
  check(input: Input): readonly Finding[];
}
