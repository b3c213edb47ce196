import { describe, expect, it } from 'vitest';
import { callOf, specOf } from '../../testing/builders.js';
import { fallbackByCriticality } from './fallback.js';

describe('call.fallback', () => {
  const kind = (call: Parameters<typeof callOf>[0], spec = specOf()) => fallbackByCriticality.decide({ spec, call: callOf(call) })?.choice.kind;

  it('critical calls fail fast; critical non-idempotent ones are queued and reconciled', () => {
    expect(kind({ criticality: 'critical' })).toBe('fail-fast');
    expect(kind({})).toBe('fail-fast');
    expect(kind({ criticality: 'critical', idempotent: false })).toBe('queue-for-later');
  });

  it('degradable calls serve a stale cached answer when the callee has a cached read path, else a default', () => {
    const cached = specOf({ entities: [{ name: 'product', service: 'catalog' }], caches: [{ name: 'page', entity: 'product', freshness: 'any' }] });
    expect(kind({ to: 'catalog', criticality: 'degradable' }, cached)).toBe('stale-cache');
    expect(kind({ to: 'ranking', criticality: 'degradable' }, cached)).toBe('default-value');
  });

  it('optional calls are left out', () => {
    expect(kind({ criticality: 'optional' })).toBe('omit-feature');
  });
});
