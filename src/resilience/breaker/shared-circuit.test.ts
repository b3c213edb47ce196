import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../../runtime/index.js';
import { BrokenCircuitError } from '../errors.js';
import type { ResilienceEvent } from '../events.js';
import { circuitBreaker } from './circuit-breaker.js';
import { describeSharedCircuitStore } from './shared-circuit.contract.js';
import { MemoryCircuitStore, type SharedCircuitStore } from './shared-circuit.js';
import { consecutiveFailures } from './trip-strategy.js';

let runtime = new ManualRuntime();
describeSharedCircuitStore('memory', () => ({
  store: async () => {
    runtime = new ManualRuntime();
    return new MemoryCircuitStore(() => runtime.clock.monotonicMs());
  },
  wait: (ms) => runtime.advance(ms),
}));

const boom = (): never => {
  throw new Error('boom');
};

describe('circuit breakers sharing a store', () => {
  it('one instance trips, the others follow on their next sync; one probe closes them all', async () => {
    const clock = new ManualRuntime();
    const store = new MemoryCircuitStore(() => clock.clock.monotonicMs());
    const options = { runtime: clock, trip: consecutiveFailures(2), openMs: 1_000, shared: { store, syncIntervalMs: 100 } };
    const a = circuitBreaker(options);
    const b = circuitBreaker(options);
    await a.execute(boom).catch(() => {});
    await a.execute(boom).catch(() => {});
    expect(a.state.kind).toBe('open');
    await clock.settle();
    await clock.advance(100);
    await b.execute(() => 'ok'); // this call triggers b's sync
    await clock.settle();
    expect(b.state.kind).toBe('open');
    await expect(b.execute(() => 'ok')).rejects.toBeInstanceOf(BrokenCircuitError);

    await clock.advance(1_000);
    const [first, second] = await Promise.all([a.execute(() => 'a probed').catch((error: unknown) => error), b.execute(() => 'b probed').catch((error: unknown) => error)]);
    expect([first, second].filter((result) => typeof result === 'string')).toHaveLength(1); // one probe lease
    await clock.settle();
    await clock.advance(100);
    await a.execute(() => 'sync').catch(() => {});
    await b.execute(() => 'sync').catch(() => {});
    await clock.settle();
    expect(a.state.kind).toBe('closed');
    expect(b.state.kind).toBe('closed');
  });

  it('fails open to local state when the store fails or hangs', async () => {
    const clock = new ManualRuntime();
    const hanging = new Promise<never>(() => {});
    const broken: SharedCircuitStore = {
      read: () => Promise.reject(new Error('store down')),
      open: () => hanging,
      acquireProbe: () => hanging,
      close: () => Promise.reject(new Error('store down')),
      isolate: () => Promise.reject(new Error('store down')),
    };
    const events: ResilienceEvent[] = [];
    const breaker = circuitBreaker({ runtime: clock, trip: consecutiveFailures(1), openMs: 100, shared: { store: broken, timeoutMs: 50, syncIntervalMs: 10 } });
    breaker.onEvent((event) => events.push(event));
    expect(await breaker.execute(() => 'ok')).toBe('ok');
    await breaker.execute(boom).catch(() => {});
    expect(breaker.state.kind).toBe('open');
    await clock.advance(100);
    const probe = breaker.execute(() => 'probed');
    await clock.advance(50); // the lease request times out: probe on local state
    expect(await probe).toBe('probed');
    expect(breaker.state.kind).toBe('closed');
    await clock.runAll();
    expect(events.some((event) => event.type === 'breaker.shared-unavailable')).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a hung store never builds up a queue of operations', async () => {
    const clock = new ManualRuntime();
    let reads = 0;
    const hung: SharedCircuitStore = {
      read: () => {
        reads++;
        return new Promise<never>(() => {});
      },
      open: () => new Promise<never>(() => {}),
      acquireProbe: () => new Promise<never>(() => {}),
      close: () => new Promise<never>(() => {}),
      isolate: () => new Promise<never>(() => {}),
    };
    const breaker = circuitBreaker({ runtime: clock, shared: { store: hung, syncIntervalMs: 1, timeoutMs: 100 } });
    for (let i = 0; i < 200; i++) {
      expect(await breaker.execute(() => i)).toBe(i);
      await clock.advance(5);
    }
    expect(reads).toBeLessThanOrEqual(11); // one read at a time, each given up after 100 ms
    await clock.runAll();
    expect(clock.pendingTimers).toBe(0);
  });
});
