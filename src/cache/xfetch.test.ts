import { describe, expect, it } from 'vitest';
import { Random } from '../runtime/index.js';
import { deadlines, resolveLifetime } from './lifetime.js';
import { shouldRefreshEarly } from './xfetch.js';

describe('shouldRefreshEarly (XFetch)', () => {
  it('refreshes with probability exp(-timeLeft / (delta × beta))', () => {
    const random = new Random(42);
    for (const [leftMs, recomputeMs, beta] of [[100, 100, 1], [300, 100, 1], [300, 100, 3], [50, 200, 0.5]] as const) {
      let refreshed = 0;
      const draws = 20_000;
      for (let draw = 0; draw < draws; draw++) if (shouldRefreshEarly({ nowMs: 10_000 - leftMs, freshUntilMs: 10_000, recomputeMs, beta, random })) refreshed++;
      expect(refreshed / draws).toBeCloseTo(Math.exp(-leftMs / (recomputeMs * beta)), 1);
    }
  });

  it('never refreshes with beta 0, no recompute time, or no expiry; always at or past expiry', () => {
    const random = new Random(1);
    expect(shouldRefreshEarly({ nowMs: 9_999, freshUntilMs: 10_000, recomputeMs: 100, beta: 0, random })).toBe(false);
    expect(shouldRefreshEarly({ nowMs: 9_999, freshUntilMs: 10_000, recomputeMs: 0, beta: 1, random })).toBe(false);
    expect(shouldRefreshEarly({ nowMs: 9_999, freshUntilMs: Infinity, recomputeMs: 100, beta: 1, random })).toBe(false);
    for (let draw = 0; draw < 100; draw++) expect(shouldRefreshEarly({ nowMs: 10_000, freshUntilMs: 10_000, recomputeMs: 1, beta: 1, random })).toBe(true);
  });
});

describe('lifetime', () => {
  it('jitter shortens the TTL by up to its fraction; grace follows the TTL', () => {
    const random = new Random(3);
    const lifetime = resolveLifetime({ ttlMs: 1_000, graceMs: 500, jitter: 0.2 });
    for (let draw = 0; draw < 1_000; draw++) {
      const { freshUntilMs, staleUntilMs } = deadlines(lifetime, 0, random);
      expect(freshUntilMs).toBeGreaterThan(800);
      expect(freshUntilMs).toBeLessThanOrEqual(1_000);
      expect(staleUntilMs - freshUntilMs).toBeCloseTo(500, 6);
    }
  });

  it('overrides win over defaults; bad values name the option', () => {
    expect(resolveLifetime({ ttlMs: 1_000, graceMs: 10 }, { graceMs: 20 })).toEqual({ ttlMs: 1_000, graceMs: 20, jitter: 0 });
    expect(resolveLifetime({})).toEqual({ ttlMs: Infinity, graceMs: 0, jitter: 0 });
    expect(() => resolveLifetime({ ttlMs: 0 })).toThrow(/Invalid option ttlMs/);
    expect(() => resolveLifetime({ graceMs: Number.NaN })).toThrow(/graceMs/);
    expect(() => resolveLifetime({ jitter: -0.1 })).toThrow(/jitter/);
  });
});
