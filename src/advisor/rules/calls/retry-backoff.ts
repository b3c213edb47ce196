import type { RetryPolicy } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { attemptTimeoutMs, backoffFor, type CallInput, callName, worstCaseMs } from './shared.js';

const maxAttempts = 3;
const retryBudgetRatio = 0.1;

/** Idempotent calls: up to 3 attempts with exponential backoff and full jitter, within the budget and a 10% retry budget. */
export const retryWithBackoff: DecisionRule<CallInput, RetryPolicy> = {
  id: 'call.retry-backoff',
  title: 'Retry idempotent calls with capped exponential backoff, full jitter and a retry budget',
  sources: [literature.backoffJitter, literature.buildersTimeouts, literature.sreCascading],
  decide: ({ call }) => {
    const timeoutMs = attemptTimeoutMs(call);
    const backoff = backoffFor(call);
    let attempts = maxAttempts;
    if (call.budgetMs !== undefined) while (attempts > 1 && worstCaseMs(attempts, timeoutMs, backoff) > call.budgetMs) attempts--;
    const within = call.budgetMs === undefined ? '' : ` (worst case ${worstCaseMs(attempts, timeoutMs, backoff)} ms within the ${call.budgetMs} ms budget)`;
    return {
      choice: { attempts, backoff, budgetRatio: attempts > 1 ? retryBudgetRatio : 0 },
      summary: attempts > 1 ? `${attempts} attempts, backoff up to ${backoff.baseMs}·2^(n−1) ms for retry n, capped at ${backoff.capMs} ms, full jitter; retries ≤ ${retryBudgetRatio * 100}% of calls${within}` : `no retry: the ${call.budgetMs} ms budget fits one attempt`,
      why: attempts > 1
        ? `${callName(call)} is idempotent, so a retry is safe; full jitter (sleep a random time up to the backoff) spreads retries so that callers failing together do not retry together, and the retry budget stops retries from multiplying load when the callee is overloaded.`
        : `One ${timeoutMs} ms attempt already uses the budget; a retry would exceed the caller's deadline.`,
      tradeOff: 'Retries add latency to failing calls and load to a struggling callee; the budget caps the extra load at 10% and the breaker stops it entirely when failures persist.',
      alternatives: [
        { choice: 'immediate retries', whyRejected: 'synchronized retry storms amplify an outage' },
        { choice: 'retries at every layer', whyRejected: 'retries multiply per layer (3 layers × 3 attempts = 27 calls); retry at one layer only' },
      ],
    };
  },
};
