// Issue 20, items 9 and 10: options are checked when a policy is built (a TypeError or RangeError
// naming the option and the value), and a retry never waits longer than maxDelayMs, whatever a
// server asks for.
import { describe, expect, it } from 'vitest';
import { createSystemRuntime, ManualRuntime } from '../runtime/index.js';
import { constantBackoff } from './backoff.js';
import { circuitBreaker } from './breaker/circuit-breaker.js';
import { bulkhead } from './bulkhead.js';
import type { ResilienceEvent } from './events.js';
import { fallback } from './fallback.js';
import { hedging } from './hedging.js';
import { rateLimit } from './rate-limit/rate-limit-policy.js';
import { retry } from './retry.js';
import { timeout } from './timeout.js';
import { resilience } from './builder.js';
import { RedisCircuitStore } from './redis/circuit-store.js';
import { RedisRateLimiter } from './redis/rate-limiter.js';

const bad = <T>(value: unknown): T => value as T;

describe('options checked at construction', () => {
  const cases: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
    ['breaker openMs as a string', () => circuitBreaker({ openMs: bad('200') }), TypeError, /Invalid option openMs: expected a number of ms or a Backoff.*received "200"/],
    ['breaker trip as a number', () => circuitBreaker({ trip: bad(3) }), TypeError, /Invalid option trip: .*received 3/],
    ['breaker shouldCount', () => circuitBreaker({ shouldCount: bad('yes') }), TypeError, /shouldCount.*"yes"/],
    ['breaker slowCallMs as a string', () => circuitBreaker({ slowCallMs: bad('5') }), TypeError, /slowCallMs.*"5"/],
    ['retry backoff as a number', () => retry({ backoff: bad(100) }), TypeError, /Invalid option backoff: .*received 100/],
    ['retry shouldRetry as a boolean', () => retry({ shouldRetry: bad(true) }), TypeError, /Invalid option shouldRetry: expected a function, received true/],
    ['retry maxAttempts as a string', () => retry({ maxAttempts: bad('3') }), TypeError, /maxAttempts.*"3"/],
    ['retry retryAfter as a string', () => retry({ retryAfter: bad('yes') }), TypeError, /retryAfter.*"yes"/],
    ['retry maxDelayMs beyond 2^31-1', () => retry({ maxDelayMs: 2 ** 31 }), RangeError, /maxDelayMs.*2147483648/],
    ['retry budget as a number', () => retry({ budget: bad(0.1) }), TypeError, /budget.*0\.1/],
    ['fallback shouldHandle', () => fallback({ fallback: () => 1, shouldHandle: bad(1) }), TypeError, /shouldHandle.*1/],
    ['hedging hedgeOnFailure as a string', () => hedging({ hedgeOnFailure: bad('no') }), TypeError, /hedgeOnFailure.*"no"/],
    ['hedging delayMs as a string', () => hedging({ delayMs: bad('5') }), TypeError, /delayMs.*"5"/],
    ['bulkhead maxWaitMs as a string', () => bulkhead({ limit: 1, maxWaitMs: bad('5') }), TypeError, /maxWaitMs.*"5"/],
    ['rate limit without a limiter', () => rateLimit({ limiter: bad({}) }), TypeError, /limiter/],
    ['policy name as a number', () => timeout({ timeoutMs: 5, name: bad(5) }), TypeError, /Invalid option name.*5/],
    ['options not an object', () => retry(bad(5)), TypeError, /options of retry: expected an object, received 5/],
    ['the pipeline builder runtime as a number', () => resilience(bad({ runtime: 5 })), TypeError, /Invalid option runtime: .*received 5/],
    ['Redis rate limiter without a client', () => new RedisRateLimiter(bad({ algorithm: { kind: 'token-bucket', capacity: 1, refillPerSecond: 1 } })), TypeError, /Invalid option redis: expected an ioredis client, received undefined/],
    ['Redis rate limiter an unknown algorithm', () => new RedisRateLimiter(bad({ redis: { eval: () => 0, evalsha: () => 0 }, algorithm: { kind: 'gcra' } })), RangeError, /Invalid option algorithm\.kind: .*received "gcra"/],
    ['Redis rate limiter timeoutMs as a string', () => new RedisRateLimiter(bad({ redis: { eval: () => 0, evalsha: () => 0 }, algorithm: { kind: 'fixed-window', limit: 1, windowMs: 1000 }, timeoutMs: '100' })), TypeError, /Invalid option timeoutMs: .*received "100"/],
    ['Redis rate limiter insurance that is not a limiter', () => new RedisRateLimiter(bad({ redis: { eval: () => 0, evalsha: () => 0 }, algorithm: { kind: 'fixed-window', limit: 1, windowMs: 1000 }, insurance: 5 })), TypeError, /Invalid option insurance: .*received 5/],
    ['Redis circuit store lingerMs as a string', () => new RedisCircuitStore(bad({ redis: { eval: () => 0, evalsha: () => 0 }, name: 'payments', lingerMs: '60000' })), TypeError, /Invalid option lingerMs: .*received "60000"/],
    ['Redis circuit store without a client', () => new RedisCircuitStore(bad({ name: 'payments' })), TypeError, /Invalid option redis: .*received undefined/],
  ];
  for (const [name, build, type, message] of cases) {
    it(`refuses ${name}`, () => {
      expect(build).toThrow(type);
      expect(build).toThrow(message);
    });
  }

  it('a breaker built with valid options still opens (the check is not a stub)', async () => {
    const runtime = new ManualRuntime();
    const breaker = circuitBreaker({ runtime, openMs: constantBackoff(200) });
    for (let index = 0; index < 5; index++) await breaker.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
    expect(breaker.state.kind).toBe('open');
  });
});

describe('retry waits at most maxDelayMs', () => {
  it('gives up at once (reason max-delay) when a server asks for 30 days, or a backoff for 3e9 ms', async () => {
    const runtime = new ManualRuntime();
    const events: ResilienceEvent[] = [];
    const hostile = Object.assign(new Error('503'), { response: { headers: new Headers({ 'retry-after': String(30 * 86_400) }) } });
    for (const policy of [retry({ runtime, maxAttempts: 3 }), retry({ runtime, maxAttempts: 3, backoff: constantBackoff(3e9), retryAfter: false })]) {
      policy.onEvent((event) => events.push(event));
      let calls = 0;
      const error = await policy.execute(() => {
        calls++;
        throw hostile;
      }).catch((caught: unknown) => caught);
      expect(error).toBe(hostile);
      expect(calls).toBe(1);
    }
    expect(events.filter((event) => event.type === 'retry.stopped').map((event) => (event as { reason: string }).reason)).toEqual(['max-delay', 'max-delay']);
  });

  it('honours a wait up to maxDelayMs', async () => {
    const runtime = new ManualRuntime();
    const policy = retry({ runtime, maxAttempts: 2, maxDelayMs: 5_000, retryAfter: () => 4_000 });
    let calls = 0;
    const call = policy.execute(() => {
      calls++;
      if (calls === 1) throw new Error('busy');
      return 'ok';
    });
    await runtime.runAll();
    expect(await call).toBe('ok');
    expect(runtime.clock.monotonicMs()).toBe(4_000);
  });

  it('a 30-day timeout neither fires nor spins', async () => {
    const runtime = createSystemRuntime({ seed: 1 });
    const policy = timeout({ timeoutMs: 30 * 86_400_000, runtime });
    let warnings = 0;
    const onWarning = (): void => void warnings++;
    process.on('warning', onWarning);
    const result = await policy.execute(async ({ signal }) => {
      await runtime.sleep(30);
      return signal.aborted ? 'aborted' : 'ran';
    });
    process.off('warning', onWarning);
    expect(result).toBe('ran');
    expect(warnings).toBe(0);
  });
});
