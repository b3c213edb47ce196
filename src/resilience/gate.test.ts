import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { constantBackoff } from './backoff.js';
import { circuitBreaker } from './breaker/circuit-breaker.js';
import { consecutiveFailures } from './breaker/trip-strategy.js';
import { bulkhead } from './bulkhead.js';
import { Execution, type ExecutionContext } from './context.js';
import type { ResilienceEvent } from './events.js';
import { fallback } from './fallback.js';
import { callOperation, pipeline, type Policy } from './policy.js';
import { retry } from './retry.js';
import { timeout } from './timeout.js';

type Step = 'ok' | 'fail' | 'throw' | 'hang' | 'slow-ok' | 'bad-result' | 'late-unread' | 'late-fail-unread';
type Layer = 'retry' | 'breaker' | 'timeout' | 'bulkhead' | 'fallback';

function build(layers: readonly Layer[], runtime: ManualRuntime): Policy {
  return pipeline(
    ...layers.map((layer): Policy => {
      switch (layer) {
        case 'retry':
          return retry({ runtime, maxAttempts: 3, backoff: constantBackoff(5), shouldRetryResult: (result) => result === 'bad' });
        case 'breaker':
          return circuitBreaker({ runtime, trip: consecutiveFailures(3), openMs: 40, slowCallMs: 15 });
        case 'timeout':
          return timeout({ runtime, timeoutMs: 20 });
        case 'bulkhead':
          return bulkhead({ runtime, limit: 1, queue: 1 });
        case 'fallback':
          return fallback({ runtime, fallback: () => 'fallback' });
      }
    }),
  );
}

/** One scripted try: what the function does on its n-th call overall. */
function operation(runtime: ManualRuntime, steps: readonly Step[], cursor: { next: number }) {
  return (context: ExecutionContext): unknown => {
    const step = steps[cursor.next++ % steps.length] as Step;
    switch (step) {
      case 'ok':
        return Promise.resolve(`ok@${context.attempt}`);
      case 'bad-result':
        return 'bad';
      case 'fail':
        return Promise.reject(new Error(`fail@${context.attempt}`));
      case 'throw':
        throw new Error(`throw@${context.attempt}`);
      case 'slow-ok':
        return runtime.sleep(10).then(() => `slow@${context.attempt}`);
      case 'late-unread':
        // Outlasts the timeout without ever reading its signal: nothing can stop it.
        return runtime.sleep(30).then(() => `late-unread@${context.attempt}`);
      case 'late-fail-unread':
        return runtime.sleep(30).then(() => Promise.reject(new Error(`late-fail@${context.attempt}`)));
      case 'hang':
        // Outlasts the timeout; ends early (rejecting with the reason) when its signal aborts.
        return runtime.sleep(30, context.signal).then(() => `late@${context.attempt}`);
    }
  };
}

/** Runs `calls` calls one after another, through the gates (`execute`) or through every layer's `run()`. */
async function record(layers: readonly Layer[], steps: readonly Step[], calls: number, gated: boolean, listen = true): Promise<unknown[]> {
  const runtime = new ManualRuntime({ seed: 7 });
  const policy = build(layers, runtime);
  const log: unknown[] = [];
  if (listen) policy.onEvent((event: ResilienceEvent) => log.push(event.type === 'execution' ? event.outcome : { ...event, error: String((event as { error?: unknown }).error) }));
  const cursor = { next: 0 };
  for (let call = 0; call < calls; call++) {
    const fn = operation(runtime, steps, cursor);
    // A `next` that is not callOperation itself makes the pipeline compose every layer's run().
    const outcome = gated ? policy.execute(fn) : policy.run(Execution.root(runtime.clock, fn, undefined), (execution) => callOperation(execution));
    const settled = outcome.then((value) => ({ value }), (error: unknown) => ({ error: String(error) }));
    await runtime.runAll();
    log.push(await settled, runtime.clock.monotonicMs());
  }
  return log;
}

describe('gates', () => {
  it('property: a pipeline run through its gates behaves exactly like one run through every layer’s run()', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(['retry', 'breaker', 'timeout', 'bulkhead', 'fallback'] as const, { minLength: 1 }),
        fc.array(fc.constantFrom<Step>('ok', 'fail', 'throw', 'hang', 'slow-ok', 'bad-result', 'late-unread', 'late-fail-unread'), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 12 }),
        async (layers, steps, calls) => {
          const gated = await record(layers, steps, calls, true);
          const composed = await record(layers, steps, calls, false);
          // `execution` events come only from execute(); drop them before comparing.
          expect(gated.filter((entry) => entry !== 'success' && entry !== 'failure')).toEqual(composed);
          // Unobserved, a timeout arms its deadline only when the function reads its signal (or a
          // layer asks whether it was aborted): outcomes and timings must not change.
          const outcomes = gated.filter((entry) => typeof entry === 'number' || (typeof entry === 'object' && entry !== null && ('value' in entry || 'error' in entry) && !('type' in entry)));
          expect(await record(layers, steps, calls, true, false)).toEqual(outcomes);
          expect(await record(layers, steps, calls, false, false)).toEqual(outcomes);
        },
      ),
      { numRuns: 300 },
    );
  });
});
