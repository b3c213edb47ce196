import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { CallInput } from './shared.js';

/** A bulkhead sized by Little's law: concurrency = arrival rate × time in system, with headroom. */
export const bulkheadFromLittlesLaw: DecisionRule<CallInput, { maxConcurrent: number; maxQueue: number }> = {
  id: 'call.bulkhead',
  title: 'Bulkhead sized by Little’s law (L = λW)',
  sources: [literature.littlesLaw, literature.bulkhead],
  decide: ({ call }) => {
    const known = call.requestsPerSecond !== undefined;
    const rps = call.requestsPerSecond ?? 10;
    const inFlightAtP99 = (rps * call.latency.p99Ms) / 1000;
    const maxConcurrent = Math.max(2, Math.ceil(inFlightAtP99 * 2));
    return {
      choice: { maxConcurrent, maxQueue: 0 },
      summary: `at most ${maxConcurrent} concurrent calls, no queue (reject → fallback)`,
      why: `At ${rps} requests/s${known ? '' : ' (assumed: the spec gives no rate)'} and ${call.latency.p99Ms} ms p99, Little's law gives ${inFlightAtP99.toFixed(1)} calls in flight; twice that absorbs bursts, while a slow ${call.to} can hold no more than ${maxConcurrent} workers in ${call.from}.`,
      tradeOff: 'Too small rejects healthy bursts; too large lets a slow dependency exhaust the caller. Revisit when the rate or latency changes.',
      alternatives: [{ choice: 'a shared pool for all dependencies', whyRejected: 'one slow dependency takes every worker and the whole service stalls (the ship without compartments)' }],
    };
  },
};
