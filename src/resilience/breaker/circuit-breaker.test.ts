import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../../runtime/index.js';
import { exponentialBackoff } from '../backoff.js';
import { BrokenCircuitError, IsolatedCircuitError } from '../errors.js';
import type { ResilienceEvent } from '../events.js';
import { type CircuitBreakerOptions, circuitBreaker } from './circuit-breaker.js';
import { countWindow } from './count-window.js';
import { timeWindow } from './time-window.js';
import { consecutiveFailures } from './trip-strategy.js';

const boom = (): never => {
  throw new Error('boom');
};
const ok = (): string => 'ok';

function setup(options: Omit<CircuitBreakerOptions, 'runtime'> = {}) {
  const runtime = new ManualRuntime({ seed: 3 });
  const breaker = circuitBreaker({ runtime, ...options });
  const events: ResilienceEvent[] = [];
  breaker.onEvent((event) => events.push(event));
  const call = (fn: () => unknown): Promise<unknown> => breaker.execute(fn).then(
    (value) => value,
    (error: unknown) => error,
  );
  const transitions = () => events.flatMap((event) => (event.type === 'breaker.state' ? [`${event.from}>${event.to}:${event.cause}`] : []));
  return { runtime, breaker, events, call, transitions };
}

describe('circuit breaker: transitions on virtual time', () => {
  it('closed → open after N consecutive failures; a success resets the count', async () => {
    const { breaker, call } = setup({ trip: consecutiveFailures(3) });
    await call(boom);
    await call(boom);
    await call(ok);
    await call(boom);
    await call(boom);
    expect(breaker.state.kind).toBe('closed');
    await call(boom);
    expect(breaker.state.kind).toBe('open');
  });

  it('open rejects fast with CIRCUIT_OPEN and the time left; then half-open probes; success closes', async () => {
    const { runtime, breaker, call, transitions } = setup({ trip: consecutiveFailures(1), openMs: 1_000 });
    await call(boom);
    let ran = false;
    await runtime.advance(400);
    const rejected = await call(() => (ran = true));
    expect(ran).toBe(false);
    expect(rejected).toBeInstanceOf(BrokenCircuitError);
    expect((rejected as BrokenCircuitError).code).toBe('CIRCUIT_OPEN');
    expect((rejected as BrokenCircuitError).retryAfterMs).toBe(600);
    expect((rejected as BrokenCircuitError).outcome).toBe('definite');
    await runtime.advance(600);
    expect(await call(ok)).toBe('ok');
    expect(breaker.state.kind).toBe('closed');
    expect(transitions()).toEqual(['closed>open:trip', 'open>half-open:probe', 'half-open>closed:recovered']);
    expect(runtime.pendingTimers).toBe(0); // no timers: the open period is checked on arrival
  });

  it('a failed probe re-opens, with a backing-off open period that resets after recovery', async () => {
    const { runtime, breaker, call } = setup({ trip: consecutiveFailures(1), openMs: exponentialBackoff({ initialMs: 100, multiplier: 2, jitter: 'none', maxMs: 1_000 }) });
    await call(boom);
    const openUntil = () => (breaker.state.kind === 'open' ? (breaker.state as { reopensAtMs: number }).reopensAtMs - runtime.clock.monotonicMs() : -1);
    expect(openUntil()).toBe(100);
    await runtime.advance(100);
    await call(boom);
    expect(openUntil()).toBe(200);
    await runtime.advance(200);
    await call(boom);
    expect(openUntil()).toBe(400);
    await runtime.advance(400);
    await call(ok);
    expect(breaker.state.kind).toBe('closed');
    await call(boom);
    expect(openUntil()).toBe(100);
  });

  it('half-open admits N probes at once, rejects the rest, and closes on the success threshold', async () => {
    const { runtime, breaker, call } = setup({ trip: consecutiveFailures(1), openMs: 10, halfOpen: { probes: 3, successThreshold: 2 } });
    await call(boom);
    await runtime.advance(10);
    const slow = (value: string, fail = false) => () => runtime.sleep(5).then(() => (fail ? Promise.reject(new Error(value)) : value));
    const probes = [call(slow('a', true)), call(slow('b')), call(slow('c'))];
    const extra = await call(ok);
    expect(extra).toBeInstanceOf(BrokenCircuitError);
    expect((extra as BrokenCircuitError).retryAfterMs).toBe(0);
    expect(breaker.state).toMatchObject({ kind: 'half-open', admitted: 3 });
    await runtime.advance(5);
    await Promise.all(probes);
    expect(breaker.state.kind).toBe('closed');
  });

  it('half-open re-opens as soon as the success threshold cannot be reached', async () => {
    const { runtime, breaker, call } = setup({ trip: consecutiveFailures(1), openMs: 10, halfOpen: { probes: 3, successThreshold: 3 } });
    await call(boom);
    await runtime.advance(10);
    await call(boom);
    expect(breaker.state.kind).toBe('open');
  });

  it('errors the predicate does not count are neither failures nor successes, and free a probe slot', async () => {
    const ignored = new Error('not found');
    const { runtime, breaker, call } = setup({ trip: consecutiveFailures(2), openMs: 10, shouldCount: (error) => error !== ignored });
    await call(boom);
    await call(() => Promise.reject(ignored));
    await call(boom);
    expect(breaker.state.kind).toBe('open');
    await runtime.advance(10);
    await call(() => Promise.reject(ignored));
    expect(breaker.state).toMatchObject({ kind: 'half-open', admitted: 0 });
    await call(ok);
    expect(breaker.state.kind).toBe('closed');
  });

  it("the caller's own abort does not count against the dependency", async () => {
    const { breaker } = setup({ trip: consecutiveFailures(1) });
    const controller = new AbortController();
    const call = breaker.execute(({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))), { signal: controller.signal });
    controller.abort(new Error('user left'));
    await expect(call).rejects.toThrow('user left');
    expect(breaker.state.kind).toBe('closed');
  });

  it('calls admitted before a transition do not count after it', async () => {
    const { runtime, breaker, call } = setup({ trip: consecutiveFailures(1), openMs: 1_000 });
    const slowSuccess = call(() => runtime.sleep(50).then(() => 'late'));
    await call(boom);
    expect(breaker.state.kind).toBe('open');
    await runtime.advance(50);
    expect(await slowSuccess).toBe('late');
    expect(breaker.state.kind).toBe('open');
  });

  it('isolate holds it open with CIRCUIT_ISOLATED until reset', async () => {
    const { runtime, breaker, call, transitions } = setup();
    breaker.isolate();
    await runtime.advance(1e9);
    const error = await call(ok);
    expect(error).toBeInstanceOf(IsolatedCircuitError);
    expect((error as IsolatedCircuitError).code).toBe('CIRCUIT_ISOLATED');
    breaker.reset();
    expect(await call(ok)).toBe('ok');
    expect(transitions()).toEqual(['closed>isolated:isolate', 'isolated>closed:reset']);
  });

  it('count window: trips on the failure ratio over the last N calls once minimumCalls is reached', async () => {
    const { breaker, call } = setup({ trip: countWindow({ size: 10, minimumCalls: 4, failureRatio: 0.5 }) });
    await call(boom);
    await call(boom);
    await call(boom);
    expect(breaker.state.kind).toBe('closed'); // only 3 calls
    await call(ok);
    expect(breaker.state.kind).toBe('open'); // 3 of 4 failed
  });

  it('count window: old outcomes slide out', async () => {
    const { breaker, call } = setup({ trip: countWindow({ size: 4, failureRatio: 0.75 }) });
    for (const fn of [boom, boom, ok, ok, ok, boom, boom]) await call(fn);
    expect(breaker.state.kind).toBe('closed'); // window [ok, ok, boom, boom]: 50%
    await call(boom);
    expect(breaker.state.kind).toBe('open'); // [ok, boom, boom, boom]
  });

  it('time window: needs the minimum throughput and forgets calls older than the window', async () => {
    const { runtime, breaker, call } = setup({ trip: timeWindow({ windowMs: 1_000, bucketCount: 10, minimumThroughput: 4, failureRatio: 0.5 }) });
    await call(boom);
    await call(boom);
    await call(boom);
    await runtime.advance(1_000); // those three expire
    await call(boom);
    await call(ok);
    await call(ok);
    expect(breaker.state.kind).toBe('closed');
    await call(ok);
    expect(breaker.state.kind).toBe('closed'); // 1 of 4
    await call(boom);
    expect(breaker.state.kind).toBe('closed'); // 2 of 5 = 40%
    await call(boom);
    expect(breaker.state.kind).toBe('open'); // 3 of 6
  });

  it('slow-call ratio: successful but slow calls open the circuit', async () => {
    const { runtime, breaker, call } = setup({ trip: countWindow({ size: 4, slowCallRatio: 0.5 }), slowCallMs: 100 });
    const slow = () => runtime.sleep(150).then(() => 'slow');
    for (let i = 0; i < 2; i++) await call(ok);
    for (let i = 0; i < 2; i++) {
      const pending = call(slow);
      await runtime.advance(150);
      await pending;
    }
    expect(breaker.state.kind).toBe('open');
  });

  it('toJSON / initialState round-trips an open circuit (remaining time kept) and the window', async () => {
    const { runtime, breaker, call } = setup({ trip: consecutiveFailures(2), openMs: 1_000 });
    await call(boom);
    await call(boom);
    await runtime.advance(300);
    const saved = JSON.parse(JSON.stringify(breaker.toJSON()));
    expect(saved).toMatchObject({ kind: 'open', opens: 1 });
    const later = new ManualRuntime({ startWallMs: 0 });
    await later.advance(300);
    const restored = circuitBreaker({ runtime: later, trip: consecutiveFailures(2), openMs: 1_000, initialState: saved });
    const error = await restored.execute(ok).catch((failure: unknown) => failure);
    expect((error as BrokenCircuitError).retryAfterMs).toBe(700);

    const closed = setup({ trip: consecutiveFailures(2) });
    await closed.call(boom);
    const again = circuitBreaker({ runtime: closed.runtime, trip: consecutiveFailures(2), initialState: closed.breaker.toJSON() });
    await again.execute(boom).catch(() => {});
    expect(again.state.kind).toBe('open'); // the one saved failure plus this one
  });

  it('rejects bad options', () => {
    expect(() => circuitBreaker({ halfOpen: { probes: 2, successThreshold: 3 } })).toThrow(/successThreshold/);
    expect(() => circuitBreaker({ openMs: -1 })).toThrow(/openMs/);
    expect(() => countWindow({ size: 0 })).toThrow(/size/);
    expect(() => timeWindow({ windowMs: 1000, failureRatio: 2 })).toThrow(/failureRatio/);
  });
});

/** A reference model of a consecutive-failure breaker with n-of-m probing, for sequential calls. */
class Model {
  kind: 'closed' | 'open' | 'half-open' | 'isolated' = 'closed';
  failures = 0;
  opens = 0;
  reopensAtMs = 0;
  successes = 0;
  probeFailures = 0;
  admitted = 0;
  constructor(readonly threshold: number, readonly openMs: number, readonly probes: number, readonly successThreshold: number) {}
  call(nowMs: number, fails: boolean): 'ran' | 'rejected' {
    if (this.kind === 'isolated') return 'rejected';
    if (this.kind === 'open') {
      if (nowMs < this.reopensAtMs) return 'rejected';
      this.kind = 'half-open';
      this.successes = this.probeFailures = this.admitted = 0;
    }
    if (this.kind === 'half-open') {
      this.admitted++;
      if (fails) this.probeFailures++;
      else this.successes++;
      if (this.successes >= this.successThreshold) {
        this.kind = 'closed';
        this.failures = 0;
        this.opens = 0;
      } else if (this.probeFailures > this.probes - this.successThreshold) this.open(nowMs);
      return 'ran';
    }
    this.failures = fails ? this.failures + 1 : 0;
    if (this.failures >= this.threshold) this.open(nowMs);
    return 'ran';
  }
  open(nowMs: number): void {
    this.kind = 'open';
    this.opens++;
    this.reopensAtMs = nowMs + this.openMs;
  }
}

describe('circuit breaker: model-based', () => {
  it('agrees with a reference model on every random sequence of calls, waits, isolations and resets', async () => {
    const step = fc.oneof(
      fc.record({ type: fc.constant('call' as const), fails: fc.boolean() }),
      fc.record({ type: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 300 }) }),
      fc.record({ type: fc.constant('isolate' as const) }),
      fc.record({ type: fc.constant('reset' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 3 }).chain((probes) => fc.tuple(fc.constant(probes), fc.integer({ min: 1, max: probes }))),
        fc.array(step, { maxLength: 60 }),
        async (threshold, openMs, [probes, successThreshold], steps) => {
          const runtime = new ManualRuntime();
          const breaker = circuitBreaker({ runtime, trip: consecutiveFailures(threshold), openMs, halfOpen: { probes, successThreshold } });
          const model = new Model(threshold, openMs, probes, successThreshold);
          for (const action of steps) {
            switch (action.type) {
              case 'call': {
                let ran = false;
                await breaker.execute(() => {
                  ran = true;
                  if (action.fails) throw new Error('x');
                }).catch(() => {});
                expect(ran ? 'ran' : 'rejected').toBe(model.call(runtime.clock.monotonicMs(), action.fails));
                break;
              }
              case 'wait':
                await runtime.advance(action.ms);
                break;
              case 'isolate':
                breaker.isolate();
                model.kind = 'isolated';
                break;
              case 'reset':
                breaker.reset();
                model.kind = 'closed';
                model.failures = 0;
                model.opens = 0;
                break;
            }
            expect(breaker.state.kind).toBe(model.kind);
            if (model.kind === 'open') expect(breaker.state).toMatchObject({ reopensAtMs: model.reopensAtMs, opens: model.opens });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
