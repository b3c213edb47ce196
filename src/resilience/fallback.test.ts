import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { circuitBreaker } from './breaker/circuit-breaker.js';
import { consecutiveFailures } from './breaker/trip-strategy.js';
import { BrokenCircuitError } from './errors.js';
import { fallback } from './fallback.js';
import { pipeline } from './policy.js';

describe('fallback', () => {
  it('answers with the substitute for chosen errors only', async () => {
    const runtime = new ManualRuntime();
    const breaker = circuitBreaker({ runtime, trip: consecutiveFailures(1) });
    const policy = pipeline(fallback({ runtime, fallback: () => 'cached', shouldHandle: (error) => error instanceof BrokenCircuitError }), breaker);
    await expect(policy.execute(() => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await policy.execute(() => 'fresh')).toBe('cached');
  });

  it('passes the error to a substitute function, which may itself throw', async () => {
    const policy = fallback({ runtime: new ManualRuntime(), fallback: (error) => `degraded: ${(error as Error).message}` });
    expect(await policy.execute(() => Promise.reject(new Error('x')))).toBe('degraded: x');
    const rethrowing = fallback({ fallback: () => Promise.reject(new Error('no fallback either')) });
    await expect(rethrowing.execute(() => Promise.reject(new Error('x')))).rejects.toThrow('no fallback either');
  });

  it("does not replace the caller's own abort", async () => {
    const controller = new AbortController();
    controller.abort('gone');
    const policy = fallback({ fallback: () => 'substitute' });
    await expect(policy.execute(() => 'never', { signal: controller.signal })).rejects.toBe('gone');
  });
});
