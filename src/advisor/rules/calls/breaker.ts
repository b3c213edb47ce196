import type { BreakerPolicy } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { attemptTimeoutMs, type CallInput, callName } from './shared.js';

/** A circuit breaker on every remote call: failure-rate and slow-call thresholds over a sliding window. */
export const breakerThresholds: DecisionRule<CallInput, BreakerPolicy> = {
  id: 'call.circuit-breaker',
  title: 'Circuit breaker: open at 50% failures or slow calls over a window, probe after a pause',
  sources: [literature.releaseIt, literature.resilience4jBreaker],
  decide: ({ call }) => {
    const rps = call.requestsPerSecond ?? 10;
    // Enough requests in the window for the failure rate to mean something, at least 20.
    const windowMs = rps >= 2 ? 10_000 : 60_000;
    const minimumRequests = Math.max(20, Math.min(100, Math.round((rps * windowMs) / 1000 / 10)));
    const policy: BreakerPolicy = { failureRateThreshold: 0.5, slowCallMs: attemptTimeoutMs(call), minimumRequests, windowMs, openMs: 15_000, halfOpenProbes: 5 };
    return {
      choice: policy,
      summary: `open at ≥ 50% failures or calls slower than ${policy.slowCallMs} ms over ${windowMs / 1000} s (min ${minimumRequests} calls); half-open after ${policy.openMs / 1000} s with ${policy.halfOpenProbes} probes`,
      why: `When ${call.to} is failing, waiting for each call to time out ties up workers in ${call.from} and adds load to ${call.to}; an open breaker fails fast (and triggers the fallback) until probes show recovery.`,
      tradeOff: 'A breaker on a shared endpoint can open for all keys because of a few bad ones; the minimum-calls floor avoids opening on low traffic noise.',
      alternatives: [{ choice: 'timeouts and retries alone', whyRejected: `keep calling a dead dependency at full rate: ${callName(call)} would wait out every timeout` }],
    };
  },
};
