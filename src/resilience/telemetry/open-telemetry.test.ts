import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../../runtime/index.js';
import { circuitBreaker } from '../breaker/circuit-breaker.js';
import { consecutiveFailures } from '../breaker/trip-strategy.js';
import { pipeline } from '../policy.js';
import { retry } from '../retry.js';
import { constantBackoff } from '../backoff.js';
import { type MeterLike, openTelemetry, type SpanLike, type TracerLike } from './open-telemetry.js';

/** A fake meter and tracer with the same interface as @opentelemetry/api's, recording what they get. */
function fakes() {
  const counters: Array<{ name: string; value: number; attributes: Record<string, unknown> | undefined }> = [];
  const histograms: Array<{ name: string; value: number; attributes: Record<string, unknown> | undefined }> = [];
  const spans: Array<{ name: string; attributes: Record<string, unknown>; status: { code: number; message?: string } | undefined; exceptions: unknown[]; ended: boolean }> = [];
  const meter: MeterLike = {
    createCounter: (name) => ({ add: (value, attributes) => counters.push({ name, value, attributes }) }),
    createHistogram: (name) => ({ record: (value, attributes) => histograms.push({ name, value, attributes }) }),
  };
  const tracer: TracerLike = {
    startSpan(name) {
      const span = { name, attributes: {} as Record<string, unknown>, exceptions: [] as unknown[], ended: false, status: undefined as { code: number; message?: string } | undefined };
      spans.push(span);
      const handle: SpanLike = {
        setAttribute: (key, value) => (span.attributes[key] = value),
        setStatus: (status) => (span.status = status),
        recordException: (exception) => span.exceptions.push(exception),
        end: () => (span.ended = true),
      };
      return handle;
    },
  };
  return { meter, tracer, counters, histograms, spans };
}

describe('OpenTelemetry adapter', () => {
  it('records events as counters, call durations as a histogram, and calls as spans', async () => {
    const runtime = new ManualRuntime();
    const { meter, tracer, counters, histograms, spans } = fakes();
    const telemetry = await openTelemetry({ meter, tracer });
    expect(telemetry.enabled).toBe(true);
    const policy = pipeline(
      telemetry.tracing('inventory', { runtime }),
      retry({ runtime, maxAttempts: 2, backoff: constantBackoff(10) }),
      circuitBreaker({ runtime, trip: consecutiveFailures(2), name: 'inventory-breaker' }),
    );
    telemetry.instrument(policy);
    const call = policy.execute(() => runtime.sleep(5).then(() => Promise.reject(Object.assign(new Error('down'), { code: 'ECONNREFUSED' })))).catch(() => {});
    await runtime.runAll();
    await call;
    expect(counters).toContainEqual({ name: 'pacelc.resilience.events', value: 1, attributes: { policy: 'inventory-breaker', event: 'breaker.state', from: 'closed', to: 'open', reason: 'trip' } });
    expect(counters).toContainEqual({ name: 'pacelc.resilience.events', value: 1, attributes: { policy: 'retry', event: 'retry.stopped', reason: 'attempts' } });
    expect(histograms).toEqual([{ name: 'pacelc.resilience.call.duration', value: 20, attributes: { policy: 'pipeline', outcome: 'failure' } }]);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ name: 'inventory', ended: true, status: { code: 2, message: 'down' }, attributes: { 'pacelc.attempts': 2, 'pacelc.error.code': 'ECONNREFUSED' } });
  });

  it('loads @opentelemetry/api lazily and costs nothing when it is not installed', async () => {
    const telemetry = await openTelemetry({ load: () => Promise.reject(new Error("Cannot find package '@opentelemetry/api'")) });
    expect(telemetry.enabled).toBe(false);
    const policy = pipeline(telemetry.tracing(), retry());
    let subscribed = false;
    const spy = Object.assign(Object.create(policy) as typeof policy, { onEvent: () => ((subscribed = true), () => {}) });
    telemetry.instrument(spy);
    expect(subscribed).toBe(false);
    expect(await policy.execute(() => 'ok')).toBe('ok');
  });

  it('uses the API it loads', async () => {
    const { meter, tracer, spans } = fakes();
    const telemetry = await openTelemetry({ load: async () => ({ metrics: { getMeter: () => meter }, trace: { getTracer: () => tracer } }) });
    expect(telemetry.enabled).toBe(true);
    await pipeline(telemetry.tracing('x')).execute(() => 1);
    expect(spans).toMatchObject([{ name: 'x', ended: true }]);
  });

  it('really is absent here: the default loader degrades instead of throwing', async () => {
    const telemetry = await openTelemetry();
    expect(typeof telemetry.enabled).toBe('boolean');
  });

  it('uses startActiveSpan when the tracer has it, so spans inside the function are children', async () => {
    const { tracer, spans } = fakes();
    let active: string | undefined;
    const withActive: TracerLike = {
      startSpan: tracer.startSpan,
      startActiveSpan<T>(name: string, fn: (span: SpanLike) => T): T {
        active = name;
        try {
          return fn(tracer.startSpan(name));
        } finally {
          active = undefined;
        }
      },
    };
    const telemetry = await openTelemetry({ tracer: withActive });
    let seen: string | undefined;
    await pipeline(telemetry.tracing('parent')).execute(() => {
      seen = active;
      return 1;
    });
    expect(seen).toBe('parent');
    expect(spans).toMatchObject([{ name: 'parent', ended: true }]);
  });
});
