// The contract every RateLimiter passes: the four local ones here, and the Redis ones in redis/.
import { describe, expect, it } from 'vitest';
import type { RateLimiter } from './rate-limiter.js';

export interface RateLimiterHarness {
  /** A fresh limiter (own key space) allowing `limit` permits per `windowMs`, bursting up to `limit`. */
  make(limit: number, windowMs: number): RateLimiter | Promise<RateLimiter>;
  /** Lets `ms` of the limiter's time pass. */
  wait(ms: number): Promise<void>;
}

export function describeRateLimiter(name: string, harness: () => RateLimiterHarness, skip = false): void {
  describe.skipIf(skip)(`RateLimiter contract: ${name}`, () => {
    it('admits a burst of at most the limit, then refuses with a finite retryAfterMs', async () => {
      const limiter = await harness().make(5, 60_000); // slow refill: a loaded machine cannot sneak in an extra permit
      let admitted = 0;
      let refusal: { retryAfterMs: number } | undefined;
      for (let i = 0; i < 10; i++) {
        const decision = await limiter.tryAcquire('k');
        if (decision.allowed) admitted++;
        else refusal ??= decision;
      }
      expect(admitted).toBeGreaterThanOrEqual(1);
      expect(admitted).toBeLessThanOrEqual(5);
      expect(refusal).toBeDefined();
      expect(refusal?.retryAfterMs).toBeGreaterThan(0);
      expect(refusal?.retryAfterMs).toBeLessThanOrEqual(120_000); // a sliding window may need the next window too
    });

    it('admits again once retryAfterMs has passed', async () => {
      const h = harness();
      const limiter = await h.make(2, 200);
      let decision = await limiter.tryAcquire('k');
      while (decision.allowed) decision = await limiter.tryAcquire('k');
      await h.wait(decision.retryAfterMs + 5);
      expect((await limiter.tryAcquire('k')).allowed).toBe(true);
    });

    it('keeps keys apart', async () => {
      const limiter = await harness().make(1, 60_000);
      expect((await limiter.tryAcquire('a')).allowed).toBe(true);
      expect((await limiter.tryAcquire('a')).allowed).toBe(false);
      expect((await limiter.tryAcquire('b')).allowed).toBe(true);
    });

    it('reports remaining permits that go down', async () => {
      const limiter = await harness().make(5, 60_000);
      const first = await limiter.tryAcquire('k');
      const second = await limiter.tryAcquire('k');
      expect(first.allowed && second.allowed).toBe(true);
      if (first.allowed && second.allowed) expect(second.remaining).toBeLessThan(first.remaining);
    });

    it('refuses a request for more permits than the limit could ever give', async () => {
      const limiter = await harness().make(3, 1_000);
      const decision = await limiter.tryAcquire('k', 4);
      expect(decision.allowed).toBe(false);
    });
  });
}
