import type { CheckRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';
import { callName } from '../calls/shared.js';

/** Retries configured on a call that is not idempotent. */
export const retryNonIdempotent: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.retry-non-idempotent',
  title: 'Retries on a non-idempotent call',
  sources: [literature.buildersTimeouts],
  check: ({ spec }) =>
    (spec.calls ?? [])
      .filter((call) => !call.idempotent && (call.retries ?? 0) > 0)
      .map((call) => ({
        subject: `calls.${call.from}→${call.to}`,
        message: `${callName(call)} is retried ${call.retries} time${call.retries === 1 ? '' : 's'} but is not idempotent: a timeout whose request did arrive is applied again on retry (duplicate charges, duplicate orders).`,
        fix: 'Stop retrying it, or make it idempotent: the caller sends a unique request id and the callee stores the result per id and returns it on a repeat.',
      })),
};
