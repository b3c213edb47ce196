import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { stampedeProtection, ttlFor } from './shared.js';

describe('caching arithmetic', () => {
  it('TTL is 80% of the freshness bound (cache age + replica lag stay inside it), an hour when anything goes, 0 when nothing does', () => {
    expect(ttlFor({ name: 'c', entity: 'e', freshness: { maxMs: 10_000 } })).toBe(8000);
    expect(ttlFor({ name: 'c', entity: 'e', freshness: 'any' })).toBe(3_600_000);
    expect(ttlFor({ name: 'c', entity: 'e', freshness: 'none' })).toBe(0);
    expect(ttlFor({ name: 'c', entity: 'e', freshness: { maxMs: 1 } })).toBe(1);
  });

  it('coalescing and jitter always; early expiration for hot paths', () => {
    const context = modelContextOf('eventual');
    expect(stampedeProtection({ context, cache: { name: 'c', entity: 'e', freshness: { maxMs: 1000 }, hotKeys: 'low', readsPerSecond: 10 } })).toEqual(['request-coalescing', 'ttl-jitter']);
    expect(stampedeProtection({ context, cache: { name: 'c', entity: 'e', freshness: { maxMs: 1000 }, hotKeys: 'medium' } })).toContain('probabilistic-early-expiration');
    expect(stampedeProtection({ context: modelContextOf('eventual', { hotKeys: 'high' }), cache: { name: 'c', entity: 'e', freshness: { maxMs: 1000 } } })).toContain('probabilistic-early-expiration');
  });
});
