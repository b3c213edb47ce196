import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { attemptTimeoutMs, type CallInput, callName } from './shared.js';

/** Timeout from the callee's latency distribution, within the caller's budget. */
export const timeoutFromLatency: DecisionRule<CallInput, { timeoutMs: number }> = {
  id: 'call.timeout',
  title: 'Time out at 1.5 × the callee’s p99, within the budget',
  sources: [literature.buildersTimeouts, literature.tailAtScale],
  decide: ({ call }) => {
    const timeoutMs = attemptTimeoutMs(call);
    const clipped = call.budgetMs !== undefined && timeoutMs === call.budgetMs && call.budgetMs < call.latency.p99Ms * 1.5;
    return {
      choice: { timeoutMs },
      summary: `${timeoutMs} ms per attempt`,
      why: clipped
        ? `${callName(call)} has a ${call.budgetMs} ms budget, below 1.5 × its p99 of ${call.latency.p99Ms} ms: the timeout is the budget, and ${call.budgetMs !== undefined && call.budgetMs < call.latency.p99Ms ? 'more than 1% of calls will time out' : 'slow calls near the tail will time out'}.`
        : `The callee answers 99% of calls within ${call.latency.p99Ms} ms; 1.5 × that leaves room for normal variance while a stuck call releases its thread, connection and caller quickly.`,
      tradeOff: 'Too short and healthy-but-slow calls fail (and are retried, adding load); too long and callers pile up behind a sick dependency.',
      alternatives: [
        { choice: 'no timeout (library default)', whyRejected: 'many clients wait forever or for minutes: one stuck dependency exhausts the caller’s threads' },
        { choice: `the p99 itself (${call.latency.p99Ms} ms)`, whyRejected: 'one call in a hundred would time out while healthy' },
      ],
    };
  },
};
