import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../../runtime/index.js';
import { RateLimitedError } from '../errors.js';
import { fixedWindow } from './fixed-window.js';
import { leakyBucket } from './leaky-bucket.js';
import { rateLimit } from './rate-limit-policy.js';
import { describeRateLimiter } from './rate-limiter.contract.js';
import type { RateLimiter } from './rate-limiter.js';
import { slidingWindow } from './sliding-window.js';
import { tokenBucket } from './token-bucket.js';

function local(make: (runtime: ManualRuntime, limit: number, windowMs: number) => RateLimiter) {
  return () => {
    const runtime = new ManualRuntime();
    return { make: (limit: number, windowMs: number) => make(runtime, limit, windowMs), wait: (ms: number) => runtime.advance(ms) };
  };
}

describeRateLimiter('token bucket', local((runtime, limit, windowMs) => tokenBucket({ runtime, capacity: limit, refillPerSecond: (limit * 1000) / windowMs })));
describeRateLimiter('leaky bucket', local((runtime, limit, windowMs) => leakyBucket({ runtime, ratePerSecond: (limit * 1000) / windowMs, burst: limit })));
describeRateLimiter('fixed window', local((runtime, limit, windowMs) => fixedWindow({ runtime, limit, windowMs })));
describeRateLimiter('sliding window', local((runtime, limit, windowMs) => slidingWindow({ runtime, limit, windowMs })));

describe('local rate limiters', () => {
  it('token bucket: bursts to capacity, then refills continuously', async () => {
    const runtime = new ManualRuntime();
    const limiter = tokenBucket({ runtime, capacity: 3, refillPerSecond: 10 });
    expect([1, 2, 3, 4].map(() => limiter.tryAcquire().allowed)).toEqual([true, true, true, false]);
    expect(limiter.tryAcquire()).toEqual({ allowed: false, retryAfterMs: 100 });
    await runtime.advance(100);
    expect(limiter.tryAcquire()).toEqual({ allowed: true, remaining: 0 });
  });

  it('property: a token bucket never admits more than capacity + rate × W over any window W', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 3 })), { maxLength: 200 }),
        (capacity, refillPerSecond, arrivals) => {
          let nowMs = 0;
          const runtime = { clock: { monotonicMs: () => nowMs, nowMs: () => nowMs } } as unknown as ManualRuntime;
          const limiter = tokenBucket({ runtime, capacity, refillPerSecond });
          const admitted: Array<[number, number]> = [];
          for (const [gapMs, permits] of arrivals) {
            nowMs += gapMs;
            if (limiter.tryAcquire('k', permits).allowed) admitted.push([nowMs, permits]);
          }
          for (let i = 0; i < admitted.length; i++) {
            let sum = 0;
            for (let j = i; j < admitted.length; j++) {
              sum += (admitted[j] as [number, number])[1];
              const windowMs = (admitted[j] as [number, number])[0] - (admitted[i] as [number, number])[0];
              expect(sum).toBeLessThanOrEqual(capacity + (refillPerSecond * windowMs) / 1000 + 1e-9);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaky bucket: spaces permits evenly after the burst', async () => {
    const runtime = new ManualRuntime();
    const limiter = leakyBucket({ runtime, ratePerSecond: 100, burst: 2 });
    expect([limiter.tryAcquire().allowed, limiter.tryAcquire().allowed, limiter.tryAcquire().allowed]).toEqual([true, true, false]);
    await runtime.advance(10);
    expect(limiter.tryAcquire().allowed).toBe(true);
    expect(limiter.tryAcquire().allowed).toBe(false);
  });

  it('fixed window resets at the boundary; sliding window weighs the previous window', async () => {
    const runtime = new ManualRuntime();
    const fixed = fixedWindow({ runtime, limit: 10, windowMs: 1_000 });
    const sliding = slidingWindow({ runtime, limit: 10, windowMs: 1_000 });
    await runtime.advance(900);
    for (let i = 0; i < 10; i++) {
      fixed.tryAcquire();
      sliding.tryAcquire();
    }
    await runtime.advance(150); // 5% into the next window
    expect(fixed.tryAcquire().allowed).toBe(true); // the boundary burst
    expect(sliding.tryAcquire()).toEqual({ allowed: false, retryAfterMs: 50 }); // 10 × 0.95 of the last window still counts
    await runtime.advance(50);
    expect(sliding.tryAcquire().allowed).toBe(true); // 10 × 0.9 + 1 ≤ 10
  });

  it('forgets the least recently used key beyond maxKeys', () => {
    const limiter = fixedWindow({ runtime: new ManualRuntime(), limit: 1, windowMs: 1_000, maxKeys: 2 });
    limiter.tryAcquire('a');
    limiter.tryAcquire('b');
    limiter.tryAcquire('a');
    limiter.tryAcquire('c');
    expect(limiter.keyCount).toBe(2);
    expect(limiter.tryAcquire('a').allowed).toBe(false); // a was kept (recently used), b was forgotten
    expect(limiter.tryAcquire('b').allowed).toBe(true);
  });

  it('rateLimit policy: fails fast with RATE_LIMITED and retryAfterMs, or waits up to maxWaitMs', async () => {
    const runtime = new ManualRuntime();
    const limiter = tokenBucket({ runtime, capacity: 1, refillPerSecond: 10 });
    const strict = rateLimit({ runtime, limiter });
    expect(await strict.execute(() => 'first')).toBe('first');
    const error = await strict.execute(() => 'second').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(100);
    const patient = rateLimit({ runtime, limiter, maxWaitMs: 150 });
    const waited = patient.execute(() => runtime.clock.monotonicMs());
    await runtime.advance(100);
    expect(await waited).toBe(100);
  });

  it('rateLimit policy: keys come from the context', async () => {
    const runtime = new ManualRuntime();
    const byUser = new Map([[1, 'alice'], [2, 'bob']]);
    const policy = rateLimit({ runtime, limiter: fixedWindow({ runtime, limit: 1, windowMs: 1_000 }), key: ({ attempt }) => byUser.get(attempt) ?? '' });
    expect(await policy.execute(() => 'alice ok')).toBe('alice ok');
    await expect(policy.execute(() => 'alice again')).rejects.toMatchObject({ code: 'RATE_LIMITED', key: 'alice' });
  });
});
