import type { Execution } from '../context.js';
import type { EventListener, ResilienceEvent } from '../events.js';
import { BasePolicy, type Next, type Policy, type PolicyOptions } from '../policy.js';

/**
 * The slice of an OpenTelemetry `Meter` the adapter uses.
 *
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * const meter: MeterLike = metrics.getMeter('checkout');
 * ```
 */
export interface MeterLike {
  createCounter(name: string, options?: { description?: string; unit?: string }): { add(value: number, attributes?: Record<string, string | number>): void };
  createHistogram(name: string, options?: { description?: string; unit?: string }): { record(value: number, attributes?: Record<string, string | number>): void };
}

/**
 * The slice of an OpenTelemetry `Span` the adapter uses.
 *
 * @example
 * ```ts
 * const span: SpanLike = tracer.startSpan('call');
 * span.end();
 * ```
 */
export interface SpanLike {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: unknown): unknown;
  end(): void;
}

/**
 * The slice of an OpenTelemetry `Tracer` the adapter uses.
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * const tracer: TracerLike = trace.getTracer('checkout');
 * ```
 */
export interface TracerLike {
  startSpan(name: string, options?: { attributes?: Record<string, string | number> }): SpanLike;
  /** When present (as in `@opentelemetry/api`), used so that spans the function starts are children of the call's span. */
  startActiveSpan?<T>(name: string, fn: (span: SpanLike) => T): T;
}

/**
 * Options of {@link openTelemetry}.
 *
 * @example
 * ```ts
 * await openTelemetry({ meter: metrics.getMeter('checkout'), tracer: trace.getTracer('checkout') });
 * ```
 */
export interface OpenTelemetryOptions {
  /** The meter to record with. Default: `metrics.getMeter('pacelc')` from `@opentelemetry/api`, if installed. */
  readonly meter?: MeterLike;
  /** The tracer to trace with. Default: `trace.getTracer('pacelc')` from `@opentelemetry/api`, if installed. */
  readonly tracer?: TracerLike;
  /** How `@opentelemetry/api` is loaded (tests replace it). Default: a dynamic `import()`. */
  readonly load?: () => Promise<unknown>;
}

/** OpenTelemetry's `SpanStatusCode.ERROR`. */
const spanStatusError = 2;

/**
 * Metrics and spans for resilience policies, through OpenTelemetry. `@opentelemetry/api` is loaded
 * lazily and is optional: without it (and without an explicit meter or tracer), `enabled` is false,
 * `instrument` subscribes nothing (so policies build no events at all) and `tracing()` is a
 * pass-through — it costs nothing.
 *
 * Metrics: `pacelc.resilience.events` (counter; attributes `policy`, `event`, and `from`/`to`,
 * `reason` where they apply) and `pacelc.resilience.call.duration` (histogram, ms; `policy`,
 * `outcome`) from pipelines' `execution` events.
 *
 * @example
 * ```ts
 * const telemetry = await openTelemetry();
 * const policy = pipeline(telemetry.tracing('orders-db'), retry(), circuitBreaker(), timeout({ timeoutMs: 500 }));
 * telemetry.instrument(policy);
 * ```
 */
export async function openTelemetry(options: OpenTelemetryOptions = {}): Promise<Telemetry> {
  let { meter, tracer } = options;
  if (meter === undefined || tracer === undefined) {
    const api = await loadApi(options.load);
    if (api !== undefined) {
      meter ??= api.metrics?.getMeter('pacelc');
      tracer ??= api.trace?.getTracer('pacelc');
    }
  }
  return new Telemetry(meter, tracer);
}

interface OpenTelemetryApi {
  metrics?: { getMeter(name: string): MeterLike };
  trace?: { getTracer(name: string): TracerLike };
}

async function loadApi(load: (() => Promise<unknown>) | undefined): Promise<OpenTelemetryApi | undefined> {
  try {
    // A variable specifier keeps bundlers and TypeScript from requiring the optional package.
    const specifier = '@opentelemetry/api';
    return (await (load ?? (() => import(specifier)))()) as OpenTelemetryApi;
  } catch {
    return undefined;
  }
}

/**
 * What {@link openTelemetry} returns.
 *
 * @example
 * ```ts
 * const telemetry: Telemetry = await openTelemetry();
 * if (!telemetry.enabled) console.warn('@opentelemetry/api not installed: no metrics');
 * ```
 */
export class Telemetry {
  /** Whether anything is recorded (a meter or a tracer was found). */
  readonly enabled: boolean;
  /** Records every event it receives; subscribe it yourself, or use {@link Telemetry.instrument}. */
  readonly listener: EventListener;

  constructor(meter: MeterLike | undefined, private readonly tracer: TracerLike | undefined) {
    this.enabled = meter !== undefined || tracer !== undefined;
    if (meter === undefined) {
      this.listener = () => {};
      return;
    }
    const events = meter.createCounter('pacelc.resilience.events', { description: 'Resilience policy events: state changes, retries, rejections, timeouts' });
    const durations = meter.createHistogram('pacelc.resilience.call.duration', { description: 'Duration of calls through a pipeline', unit: 'ms' });
    this.listener = (event) => {
      if (event.type === 'execution') durations.record(event.durationMs, { policy: event.policy, outcome: event.outcome });
      else events.add(1, attributesOf(event));
    };
  }

  /** Subscribes the metrics to a policy or pipeline (a no-op when disabled); returns the unsubscribe function. */
  instrument(policy: Policy): () => void {
    if (!this.enabled) return () => {};
    return policy.onEvent(this.listener);
  }

  /** A layer that wraps each call in a span named `name` (put it outermost); a pass-through without a tracer. */
  tracing(name = 'resilience', options: PolicyOptions = {}): Policy {
    return new TracingPolicy(name, this.tracer, options);
  }
}

class TracingPolicy extends BasePolicy {
  constructor(private readonly spanName: string, private readonly tracer: TracerLike | undefined, options: PolicyOptions) {
    super('tracing', options);
  }

  run(execution: Execution, next: Next): Promise<unknown> {
    if (this.tracer === undefined) return next(execution);
    return this.traced(this.tracer, execution, next);
  }

  private traced(tracer: TracerLike, execution: Execution, next: Next): Promise<unknown> {
    if (tracer.startActiveSpan !== undefined) return tracer.startActiveSpan(this.spanName, (span) => this.inSpan(span, execution, next));
    return this.inSpan(tracer.startSpan(this.spanName), execution, next);
  }

  private async inSpan(span: SpanLike, execution: Execution, next: Next): Promise<unknown> {
    try {
      const result = await next(execution);
      span.setAttribute('pacelc.attempts', execution.attempt);
      return result;
    } catch (error) {
      span.setAttribute('pacelc.attempts', execution.attempt);
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string') span.setAttribute('pacelc.error.code', code);
      span.recordException(error);
      span.setStatus({ code: spanStatusError, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  }
}

function attributesOf(event: Exclude<ResilienceEvent, { type: 'execution' }>): Record<string, string | number> {
  const attributes: Record<string, string | number> = { policy: event.policy, event: event.type };
  switch (event.type) {
    case 'breaker.state':
      attributes.from = event.from;
      attributes.to = event.to;
      attributes.reason = event.cause;
      break;
    case 'retry.stopped':
      attributes.reason = event.reason;
      break;
    case 'bulkhead.rejected':
      attributes.reason = event.reason;
      break;
    case 'rate-limit.insurance':
      attributes.reason = event.engaged ? 'engaged' : 'released';
      break;
    case 'breaker.rejected':
    case 'breaker.shared-unavailable':
    case 'retry.scheduled':
    case 'timeout':
    case 'bulkhead.queued':
    case 'rate-limit.rejected':
    case 'hedge.started':
    case 'hedge.won':
    case 'fallback':
      break;
  }
  return attributes;
}
