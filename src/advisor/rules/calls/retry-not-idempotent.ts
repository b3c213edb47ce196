import type { RetryPolicy } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { backoffFor, type CallInput, callName } from './shared.js';

/** A non-idempotent call is never retried blindly: a timeout's outcome is unknown. */
export const noRetryWhenNotIdempotent: DecisionRule<CallInput, RetryPolicy> = {
  id: 'call.retry-not-idempotent',
  title: 'Never retry a non-idempotent call',
  sources: [literature.buildersTimeouts],
  decide: ({ call }) =>
    call.idempotent
      ? undefined
      : {
          choice: { attempts: 1, backoff: { ...backoffFor(call), jitter: 'none' }, budgetRatio: 0 },
          summary: 'no retry (not idempotent)',
          why: `${callName(call)} is not idempotent: after a timeout the request may have been applied, and a retry would apply it twice (a double charge). Make it idempotent with a client-generated request id, then retry.`,
          tradeOff: 'Transient failures surface to the caller; reconcile unknown outcomes by querying the callee with the request id.',
          alternatives: [{ choice: 'retry with backoff', whyRejected: 'duplicates the side effect whenever the first attempt succeeded but its reply was lost' }],
        },
};
