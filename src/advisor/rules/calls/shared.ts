import type { RetryPolicy } from '../../design-types.js';
import type { CallSpec, Spec } from '../../spec/schema.js';

/** What a call rule sees. */
export interface CallInput {
  readonly spec: Spec;
  readonly call: CallSpec;
}

/** A call's name for messages: `checkout → payments (charge)`. */
export function callName(call: CallSpec): string {
  return `${call.from} → ${call.to}${call.operation === undefined ? '' : ` (${call.operation})`}`;
}

/**
 * The per-attempt timeout: 1.5 × the callee's p99, rounded up to 10 ms (so about 1% of calls
 * or fewer time out spuriously), never more than the whole budget.
 */
export function attemptTimeoutMs(call: CallSpec): number {
  const fromLatency = Math.ceil((call.latency.p99Ms * 1.5) / 10) * 10;
  return call.budgetMs === undefined ? fromLatency : Math.min(fromLatency, call.budgetMs);
}

/** Exponential backoff: base from the callee's median, capped. */
export function backoffFor(call: CallSpec): RetryPolicy['backoff'] {
  const baseMs = Math.max(10, Math.round(call.latency.p50Ms ?? call.latency.p99Ms / 4));
  return { kind: 'exponential', baseMs, capMs: Math.max(baseMs * 8, 1_000), jitter: 'full' };
}

/**
 * The worst-case time of `attempts` attempts: each may time out, plus every backoff at its
 * ceiling (retry n waits up to min(cap, base·2^(n−1)): the first retry up to `baseMs`).
 */
export function worstCaseMs(attempts: number, timeoutMs: number, backoff: RetryPolicy['backoff']): number {
  let total = attempts * timeoutMs;
  for (let retry = 1; retry < attempts; retry++) total += Math.min(backoff.capMs, backoff.baseMs * 2 ** (retry - 1));
  return total;
}
