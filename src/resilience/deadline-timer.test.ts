import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { type Deadline, DeadlineTimer, type Epoch } from './deadline-timer.js';

interface Call {
  readonly startedMs: number;
  firedMs?: number;
}

const lengthsMs = fc.integer({ min: 1, max: 200 });
const precisionsMs = fc.integer({ min: 1, max: 20 });
/** Gaps between arrivals: mostly bursts (many calls per precisionMs, which switch to batching), sometimes a pause. */
const arrivalGapMs = fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 6 }, { arbitrary: fc.double({ min: 0, max: 60, noNaN: true }), weight: 1 });

function setup(lengthMs: number, precisionMs: number) {
  const runtime = new ManualRuntime();
  const timer = new DeadlineTimer<Call>(runtime, lengthMs, precisionMs, (call) => {
    call.firedMs = runtime.clock.monotonicMs();
  });
  /** Begins a call's deadline and arms it at once. */
  const start = (): { call: Call; start: Epoch<Call>; deadline: Deadline<Call> } => {
    const call: Call = { startedMs: runtime.clock.monotonicMs() };
    const begun = timer.begin();
    return { call, start: begun, deadline: timer.arm(call, begun) as Deadline<Call> };
  };
  return { runtime, timer, start };
}

describe('DeadlineTimer', () => {
  it('at a low rate each deadline is exact, and removing the last one cancels the timer', async () => {
    const { runtime, timer, start } = setup(100, 5);
    const first = start();
    expect(first.deadline.dueMs).toBe(100);
    await runtime.advance(30);
    const second = start();
    expect(second.deadline.dueMs).toBe(130);
    expect(runtime.pendingTimers).toBe(1);
    await runtime.advance(70);
    expect(first.call.firedMs).toBe(100);
    timer.remove(second.deadline);
    expect(runtime.pendingTimers).toBe(0);
    expect(second.call.firedMs).toBeUndefined();
  });

  it('many calls between two firings are stamped in batches: never early, at most precisionMs late', async () => {
    const { runtime, start } = setup(100, 4);
    const calls: Call[] = [];
    for (let i = 0; i < 50; i++) {
      calls.push(start().call);
      await runtime.advance(0.25); // 16 per precisionMs: more than batching waits for
    }
    const pending = calls.filter((_, index) => index >= 8);
    expect(pending.length).toBeGreaterThan(0);
    await runtime.advance(200);
    for (const call of calls) {
      expect(call.firedMs).toBeGreaterThanOrEqual(call.startedMs + 100);
      expect(call.firedMs).toBeLessThanOrEqual(call.startedMs + 104);
    }
    // Some were rounded up (batched), not all exact: the batching did happen.
    expect(calls.some((call) => (call.firedMs as number) > call.startedMs + 100)).toBe(true);
    expect(runtime.pendingTimers).toBe(0);
  });

  it('an unstamped deadline reports the earliest due time it can get', async () => {
    const { runtime, start } = setup(100, 10);
    for (let i = 0; i < 9; i++) start();
    await runtime.advance(1);
    const { deadline, start: begun } = start();
    expect(Number.isNaN(deadline.dueMs)).toBe(true);
    expect(begun.dueMs()).toBe(101);
    await runtime.advance(20);
    expect(deadline.dueMs).toBeGreaterThanOrEqual(101);
    expect(begun.dueMs()).toBe(deadline.dueMs);
  });

  it('property: under any arrivals and removals no deadline fires early or more than precisionMs late, and no timer is left behind', async () => {
    await fc.assert(
      fc.asyncProperty(
        lengthsMs,
        precisionsMs,
        fc.array(
          fc.record({
            gapMs: arrivalGapMs,
            removeAfterMs: fc.option(fc.double({ min: 0, max: 300, noNaN: true }), { freq: 2 }),
          }),
          { minLength: 20, maxLength: 150, size: 'max' },
        ),
        async (lengthMs, precisionMs, arrivals) => {
          const { runtime, timer, start } = setup(lengthMs, precisionMs);
          const started: Array<{ call: Call; removedMs: number | undefined }> = [];
          for (const arrival of arrivals) {
            await runtime.advance(arrival.gapMs);
            const { call, deadline } = start();
            const removedMs = arrival.removeAfterMs === null ? undefined : call.startedMs + arrival.removeAfterMs;
            if (removedMs !== undefined) runtime.setTimer(arrival.removeAfterMs as number, () => timer.remove(deadline));
            started.push({ call, removedMs });
          }
          await runtime.runAll();
          for (const { call, removedMs } of started) {
            const dueMs = call.startedMs + lengthMs;
            if (call.firedMs === undefined) {
              // Not fired: it must have been removed before it was due.
              expect(removedMs).toBeDefined();
              expect(removedMs as number).toBeLessThanOrEqual(dueMs + precisionMs + 1e-9);
            } else {
              expect(call.firedMs).toBeGreaterThanOrEqual(dueMs - 1e-9);
              expect(call.firedMs).toBeLessThanOrEqual(dueMs + precisionMs + 1e-9);
              if (removedMs !== undefined) expect(removedMs).toBeGreaterThanOrEqual(call.firedMs - 1e-9);
            }
          }
          expect(runtime.pendingTimers).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('a deadline begun but never armed costs no timer; armed after it passed, it expires at once', async () => {
    const { runtime, timer } = setup(100, 5);
    const call: Call = { startedMs: 0 };
    const begun = timer.begin();
    expect(runtime.pendingTimers).toBe(0);
    await runtime.advance(60);
    expect(begun.passed()).toBe(false);
    await runtime.advance(60);
    expect(begun.passed()).toBe(true);
    expect(timer.arm(call, begun)).toBeUndefined();
    expect(call.firedMs).toBe(120);
    expect(runtime.pendingTimers).toBe(0);
  });

  it('while batching, calls that are never armed leave nothing behind once arrivals stop', async () => {
    const { runtime, timer } = setup(100, 4);
    const starts: Epoch<Call>[] = [];
    for (let i = 0; i < 40; i++) {
      starts.push(timer.begin());
      await runtime.advance(0.25);
    }
    expect(starts[39]).toBe(starts[38]); // batched: one epoch shared by the calls between two ticks
    await runtime.advance(20);
    expect(runtime.pendingTimers).toBe(0);
    for (const begun of starts) expect(begun.dueMs()).toBeLessThanOrEqual(10 + 100 + 4);
  });

  it('property: armed at any time after it begins, a deadline fires no earlier than due and no later than due + precisionMs or its arming', async () => {
    await fc.assert(
      fc.asyncProperty(
        lengthsMs,
        precisionsMs,
        fc.array(
          fc.record({
            gapMs: arrivalGapMs,
            armAfterMs: fc.option(fc.double({ min: 0, max: 400, noNaN: true }), { freq: 4 }),
            removeAfterMs: fc.option(fc.double({ min: 0, max: 300, noNaN: true }), { freq: 2 }),
          }),
          { minLength: 20, maxLength: 150, size: 'max' },
        ),
        async (lengthMs, precisionMs, arrivals) => {
          const { runtime, timer } = setup(lengthMs, precisionMs);
          const started: Array<{ call: Call; armedMs: number | undefined; removedMs: number | undefined }> = [];
          for (const arrival of arrivals) {
            await runtime.advance(arrival.gapMs);
            const call: Call = { startedMs: runtime.clock.monotonicMs() };
            const begun = timer.begin();
            let deadline: Deadline<Call> | undefined;
            let removed = false;
            const armedMs = arrival.armAfterMs === null ? undefined : call.startedMs + arrival.armAfterMs;
            const removedMs = arrival.removeAfterMs === null ? undefined : call.startedMs + arrival.removeAfterMs;
            if (arrival.armAfterMs !== null) {
              runtime.setTimer(arrival.armAfterMs, () => {
                if (!removed) deadline = timer.arm(call, begun);
              });
            }
            if (arrival.removeAfterMs !== null) {
              runtime.setTimer(arrival.removeAfterMs, () => {
                removed = true;
                if (deadline !== undefined) timer.remove(deadline);
              });
            }
            started.push({ call, armedMs, removedMs });
          }
          await runtime.runAll();
          for (const { call, armedMs, removedMs } of started) {
            const dueMs = call.startedMs + lengthMs;
            if (call.firedMs === undefined) {
              // Not fired: never armed (removed first, or no arming at all), or removed before it was due.
              const armed = armedMs !== undefined && (removedMs === undefined || armedMs < removedMs);
              if (armed) expect(removedMs as number).toBeLessThanOrEqual(dueMs + precisionMs + 1e-9);
            } else {
              expect(armedMs).toBeDefined();
              expect(call.firedMs).toBeGreaterThanOrEqual(dueMs - 1e-9);
              expect(call.firedMs).toBeLessThanOrEqual(Math.max(armedMs as number, dueMs + precisionMs) + 1e-6);
              if (removedMs !== undefined) expect(removedMs).toBeGreaterThanOrEqual(call.firedMs - 1e-9);
            }
          }
          expect(runtime.pendingTimers).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
