import type { RetryPolicy } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { retryWithBackoff } from './retry-backoff.js';
import { noRetryWhenNotIdempotent } from './retry-not-idempotent.js';
import type { CallInput } from './shared.js';

export { breakerThresholds } from './breaker.js';
export { bulkheadFromLittlesLaw } from './bulkhead.js';
export { fallbackByCriticality } from './fallback.js';
export { callName, type CallInput } from './shared.js';
export { timeoutFromLatency } from './timeout.js';

/** Retry policy, in order. */
export const retryRules: readonly DecisionRule<CallInput, RetryPolicy>[] = [noRetryWhenNotIdempotent, retryWithBackoff];
