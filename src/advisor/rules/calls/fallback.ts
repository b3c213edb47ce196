import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { type CallInput, callName } from './shared.js';

type Fallback = { kind: 'fail-fast' | 'stale-cache' | 'default-value' | 'omit-feature' | 'queue-for-later' };

/** What the caller does when the call fails, from the call's criticality. */
export const fallbackByCriticality: DecisionRule<CallInput, Fallback> = {
  id: 'call.fallback',
  title: 'Fallback follows criticality',
  sources: [literature.releaseIt],
  decide: ({ spec, call }) => {
    const criticality = call.criticality ?? 'critical';
    const cached = (spec.caches ?? []).some((cache) => (spec.entities.find((entity) => entity.name === cache.entity)?.service ?? '') === call.to);
    let choice: Fallback;
    let why: string;
    switch (criticality) {
      case 'critical':
        choice = { kind: call.idempotent ? 'fail-fast' : 'queue-for-later' };
        why = call.idempotent
          ? `${callName(call)} is critical: there is no honest substitute for its answer, so fail fast with a clear error (and compensate if inside a saga).`
          : `${callName(call)} is critical and not idempotent: record the request with its id and complete or reconcile it later, rather than guess its outcome.`;
        break;
      case 'degradable':
        choice = { kind: cached ? 'stale-cache' : 'default-value' };
        why = cached ? `${callName(call)} can degrade: serve the last cached answer, marked stale.` : `${callName(call)} can degrade: answer with a safe default (e.g. generic recommendations).`;
        break;
      case 'optional':
        choice = { kind: 'omit-feature' };
        why = `${callName(call)} is optional: render without it.`;
        break;
    }
    return {
      choice,
      summary: choice.kind,
      why,
      tradeOff: 'A fallback hides failures from users, so it must be visible to operators: count fallbacks and alert on their rate.',
      alternatives: [{ choice: 'propagate every failure', whyRejected: 'turns a failure of an optional dependency into a failure of the whole request' }],
    };
  },
};
