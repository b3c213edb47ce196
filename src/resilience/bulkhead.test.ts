import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { bulkhead } from './bulkhead.js';
import { BulkheadRejectedError } from './errors.js';

describe('bulkhead', () => {
  it('runs up to the limit, queues up to the queue size, rejects the rest with BULKHEAD_FULL', async () => {
    const runtime = new ManualRuntime();
    const policy = bulkhead({ runtime, limit: 2, queue: 1 });
    const work = () => runtime.sleep(10).then(() => 'done');
    const calls = [policy.execute(work), policy.execute(work), policy.execute(work)];
    expect([policy.active, policy.queued, policy.available, policy.saturation]).toEqual([2, 1, 0, 1]);
    const rejected = await policy.execute(work).catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(BulkheadRejectedError);
    expect((rejected as BulkheadRejectedError).code).toBe('BULKHEAD_FULL');
    expect((rejected as BulkheadRejectedError).outcome).toBe('definite');
    await runtime.advance(10);
    expect(policy.active).toBe(1); // the queued call took the freed slot
    await runtime.advance(10);
    expect(await Promise.all(calls)).toEqual(['done', 'done', 'done']);
    expect([policy.active, policy.queued, policy.saturation]).toEqual([0, 0, 0]);
  });

  it('an aborted waiter leaves the queue at once, with the abort reason', async () => {
    const runtime = new ManualRuntime();
    const policy = bulkhead({ runtime, limit: 1, queue: 1 });
    const running = policy.execute(() => runtime.sleep(100));
    const controller = new AbortController();
    const waiting = policy.execute(() => 'never', { signal: controller.signal }).catch((error: unknown) => error);
    expect(policy.queued).toBe(1);
    controller.abort('client went away');
    expect(await waiting).toBe('client went away');
    expect(policy.queued).toBe(0);
    const next = policy.execute(() => 'next'); // its place is free at once
    expect(policy.queued).toBe(1);
    await runtime.advance(100);
    await running;
    expect(await next).toBe('next');
  });

  it('rejects a waiter after maxWaitMs with BULKHEAD_MAX_WAIT and leaves no timer', async () => {
    const runtime = new ManualRuntime();
    const policy = bulkhead({ runtime, limit: 1, queue: 5, maxWaitMs: 20 });
    const running = policy.execute(() => runtime.sleep(100));
    const waiting = policy.execute(() => 'late').catch((error: unknown) => error);
    await runtime.advance(20);
    expect(((await waiting) as BulkheadRejectedError).code).toBe('BULKHEAD_MAX_WAIT');
    await runtime.advance(80);
    await running;
    expect(runtime.pendingTimers).toBe(0);
  });

  it('a failure frees the slot', async () => {
    const policy = bulkhead({ runtime: new ManualRuntime(), limit: 1 });
    await expect(policy.execute(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(policy.execute(() => {
      throw new Error('sync');
    })).rejects.toThrow('sync');
    expect(policy.active).toBe(0);
    expect(await policy.execute(() => 1)).toBe(1);
  });

  it('property: never exceeds its limit and never leaks a permit under random aborts and failures', async () => {
    const action = fc.record({
      durationMs: fc.integer({ min: 0, max: 50 }),
      fails: fc.boolean(),
      abortAfterMs: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
      arriveAfterMs: fc.integer({ min: 0, max: 10 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }), fc.array(action, { maxLength: 40 }), async (limit, queue, maxWaitMs, actions) => {
        const runtime = new ManualRuntime();
        const policy = bulkhead({ runtime, limit, queue, ...(maxWaitMs === undefined ? {} : { maxWaitMs }) });
        let running = 0;
        let maxRunning = 0;
        const calls = [];
        for (const { durationMs, fails, abortAfterMs, arriveAfterMs } of actions) {
          await runtime.advance(arriveAfterMs);
          const controller = new AbortController();
          if (abortAfterMs !== undefined) runtime.setTimer(abortAfterMs, () => controller.abort(new Error('aborted')));
          calls.push(
            policy.execute(async ({ signal }) => {
              running++;
              maxRunning = Math.max(maxRunning, running);
              expect(policy.active).toBeLessThanOrEqual(limit);
              try {
                await runtime.sleep(durationMs, signal);
                if (fails) throw new Error('failed');
              } finally {
                running--;
              }
            }, { signal: controller.signal }).catch(() => {}),
          );
          expect(policy.active).toBeLessThanOrEqual(limit);
          expect(policy.queued).toBeLessThanOrEqual(queue);
        }
        await runtime.runAll();
        await Promise.all(calls);
        expect(maxRunning).toBeLessThanOrEqual(limit);
        expect(policy.active).toBe(0);
        expect(policy.queued).toBe(0);
        expect(runtime.pendingTimers).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects bad options', () => {
    expect(() => bulkhead({ limit: 0 })).toThrow(/limit/);
    expect(() => bulkhead({ limit: 1, queue: -1 })).toThrow(/queue/);
  });
});
