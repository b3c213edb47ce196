import type { CheckRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';
import { callName } from '../calls/shared.js';

/** A call whose whole budget is shorter than the callee's p99: it fails more than 1% of the time by design. */
export const timeoutBelowP99: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.budget-below-callee-p99',
  title: 'Call budget below the callee’s p99 latency',
  sources: [literature.buildersTimeouts, literature.tailAtScale],
  check: ({ spec }) =>
    (spec.calls ?? [])
      .filter((call) => call.budgetMs !== undefined && call.budgetMs < call.latency.p99Ms)
      .map((call) => ({
        subject: `calls.${call.from}→${call.to}`,
        message: `${callName(call)} has a ${call.budgetMs} ms budget but the callee's p99 is ${call.latency.p99Ms} ms: more than 1% of calls will time out even when nothing is wrong.`,
        fix: 'Raise the budget, make the callee faster at the tail (hedged requests, caching), or make the call asynchronous.',
      })),
};
