/**
 * The states of a circuit breaker, as reported in events.
 *
 * @example
 * ```ts
 * if (breaker.state.kind === 'open') metrics.gauge('breaker_open', 1);
 * ```
 */
export type CircuitStateKind = 'closed' | 'open' | 'half-open' | 'isolated';

/**
 * Why a retry policy stopped retrying and let the last failure through.
 *
 * @example
 * ```ts
 * policy.onEvent((event) => { if (event.type === 'retry.stopped' && event.reason === 'budget') alert('retry budget spent'); });
 * ```
 */
export type RetryStopReason = 'attempts' | 'budget' | 'deadline' | 'max-duration' | 'max-delay' | 'aborted';

/**
 * Everything a policy reports, as one discriminated union on `type`. Every event names the policy
 * that emitted it (`policy`, the `name` option). Events are built only when someone listens, so an
 * unobserved policy pays nothing for them.
 *
 * @example
 * ```ts
 * breaker.onEvent((event) => {
 *   if (event.type === 'breaker.state') console.log(`${event.policy}: ${event.from} -> ${event.to}`);
 * });
 * ```
 */
export type ResilienceEvent =
  | { readonly type: 'breaker.state'; readonly policy: string; readonly from: CircuitStateKind; readonly to: CircuitStateKind; readonly cause: 'trip' | 'probe' | 'recovered' | 'probe-failed' | 'isolate' | 'reset' | 'shared' }
  | { readonly type: 'breaker.rejected'; readonly policy: string; readonly retryAfterMs: number }
  | { readonly type: 'breaker.shared-unavailable'; readonly policy: string; readonly error: unknown }
  | { readonly type: 'retry.scheduled'; readonly policy: string; readonly attempt: number; readonly delayMs: number; readonly error: unknown }
  | { readonly type: 'retry.stopped'; readonly policy: string; readonly attempts: number; readonly reason: RetryStopReason }
  | { readonly type: 'timeout'; readonly policy: string; readonly timeoutMs: number }
  | { readonly type: 'bulkhead.queued'; readonly policy: string; readonly queued: number }
  | { readonly type: 'bulkhead.rejected'; readonly policy: string; readonly reason: 'full' | 'max-wait' }
  | { readonly type: 'rate-limit.rejected'; readonly policy: string; readonly retryAfterMs: number; readonly key: string | undefined }
  | { readonly type: 'rate-limit.insurance'; readonly policy: string; readonly engaged: boolean; readonly error: unknown }
  | { readonly type: 'hedge.started'; readonly policy: string; readonly attempt: number }
  | { readonly type: 'hedge.won'; readonly policy: string; readonly attempt: number }
  | { readonly type: 'fallback'; readonly policy: string; readonly error: unknown }
  | { readonly type: 'execution'; readonly policy: string; readonly outcome: 'success' | 'failure'; readonly durationMs: number; readonly error: unknown };

/**
 * The `type` of a {@link ResilienceEvent}.
 *
 * @example
 * ```ts
 * const counts: Partial<Record<ResilienceEventType, number>> = {};
 * policy.onEvent((event) => { counts[event.type] = (counts[event.type] ?? 0) + 1; });
 * ```
 */
export type ResilienceEventType = ResilienceEvent['type'];

/**
 * A function that receives events. It must not throw; if it does, the error is dropped.
 *
 * @example
 * ```ts
 * const log: EventListener = (event) => console.log(event.policy, event.type);
 * policy.onEvent(log);
 * ```
 */
export type EventListener = (event: ResilienceEvent) => void;

/**
 * A list of listeners. `active` is checked before building an event, which is what makes an
 * unobserved policy free.
 *
 * @example
 * ```ts
 * const hub = new EventHub();
 * const stop = hub.on((event) => console.log(event.type));
 * if (hub.active) hub.emit({ type: 'timeout', policy: 'db', timeoutMs: 50 });
 * stop();
 * ```
 */
export class EventHub {
  private listeners: readonly EventListener[] = [];

  /** True when at least one listener is subscribed. */
  get active(): boolean {
    return this.listeners.length > 0;
  }

  /** Subscribes `listener`; returns a function that unsubscribes it. */
  on(listener: EventListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((candidate) => candidate !== listener);
    };
  }

  /** Delivers `event` to every listener, in subscription order; a listener's exception is dropped. */
  emit(event: ResilienceEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener must not break the call it observes.
      }
    }
  }
}
