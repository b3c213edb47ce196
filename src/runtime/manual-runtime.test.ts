import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from './manual-runtime.js';

describe('ManualRuntime', () => {
  it('fires due timers in time order, ties in creation order, and only when advanced', async () => {
    const runtime = new ManualRuntime();
    const log: string[] = [];
    runtime.setTimer(20, () => log.push('b@20'));
    runtime.setTimer(10, () => log.push('a@10'));
    runtime.setTimer(20, () => log.push('c@20'));
    runtime.setTimer(30, () => log.push('d@30'));
    expect(log).toEqual([]);
    await runtime.advance(20);
    expect(log).toEqual(['a@10', 'b@20', 'c@20']);
    expect(runtime.clock.monotonicMs()).toBe(20);
    await runtime.advance(10);
    expect(log).toEqual(['a@10', 'b@20', 'c@20', 'd@30']);
  });

  it('lets awaiting code run between timers, so async chains interleave deterministically', async () => {
    const runtime = new ManualRuntime();
    const log: string[] = [];
    const worker = async (name: string, stepMs: number): Promise<void> => {
      for (let step = 1; step <= 3; step++) {
        await runtime.sleep(stepMs);
        await Promise.resolve(); // more microtasks after waking
        log.push(`${name}${step}@${runtime.clock.monotonicMs()}`);
      }
    };
    const done = Promise.all([worker('x', 10), worker('y', 15)]);
    // y2 is due at 30 and was scheduled (at 15) before x3 (at 20): ties go in creation order.
    await runtime.advance(45);
    await done;
    expect(log).toEqual(['x1@10', 'y1@15', 'x2@20', 'y2@30', 'x3@30', 'y3@45']);
  });

  it('gives the same interleaving on every run (property: random schedules replay identically)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 12 }), async (delays) => {
        const runOnce = async (): Promise<string[]> => {
          const runtime = new ManualRuntime();
          const log: string[] = [];
          delays.forEach((delay, index) => {
            void (async () => {
              await runtime.sleep(delay);
              log.push(`${index}@${runtime.clock.monotonicMs()}`);
              runtime.setTimer(delay, () => log.push(`${index}+@${runtime.clock.monotonicMs()}`));
            })();
          });
          await runtime.runAll();
          return log;
        };
        const first = await runOnce();
        expect(await runOnce()).toEqual(first);
        const times = first.map((entry) => Number(entry.split('@')[1]));
        expect([...times].sort((a, b) => a - b)).toEqual(times);
      }),
      { numRuns: 50 },
    );
  });

  it('fires timers that are set while advancing if they fall due within the advance', async () => {
    const runtime = new ManualRuntime();
    const log: number[] = [];
    runtime.setTimer(5, () => runtime.setTimer(5, () => log.push(runtime.clock.monotonicMs())));
    await runtime.advance(10);
    expect(log).toEqual([10]);
  });

  it('cancel() prevents a timer and frees it', async () => {
    const runtime = new ManualRuntime();
    let fired = false;
    const handle = runtime.setTimer(10, () => (fired = true));
    expect(runtime.pendingTimers).toBe(1);
    handle.cancel();
    handle.cancel();
    expect(runtime.pendingTimers).toBe(0);
    await runtime.advance(100);
    expect(fired).toBe(false);
  });

  it('sleep rejects promptly with the abort reason, and leaves no timer behind', async () => {
    const runtime = new ManualRuntime();
    const controller = new AbortController();
    const sleeping = runtime.sleep(1_000, controller.signal);
    expect(runtime.pendingTimers).toBe(1);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(runtime.pendingTimers).toBe(0);
    expect(runtime.clock.monotonicMs()).toBe(0);
  });

  it('sleep with an already aborted signal rejects without scheduling', async () => {
    const runtime = new ManualRuntime();
    const signal = AbortSignal.abort();
    await expect(runtime.sleep(10, signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(runtime.pendingTimers).toBe(0);
  });

  it('a sleep that completes removes its abort listener (no leak on a long-lived signal)', async () => {
    const runtime = new ManualRuntime();
    const controller = new AbortController();
    let listeners = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => { listeners++; add(...args); }) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => { listeners--; remove(...args); }) as typeof remove;
    for (let i = 0; i < 100; i++) {
      const sleeping = runtime.sleep(1, signal);
      await runtime.advance(1);
      await sleeping;
    }
    expect(listeners).toBe(0);
  });

  it('separates the wall clock (skewable) from the monotonic clock', async () => {
    const runtime = new ManualRuntime({ startWallMs: 1_000_000 });
    await runtime.advance(5);
    runtime.skewWallClock(-2_000);
    expect(runtime.clock.nowMs()).toBe(1_000_005 - 2_000);
    expect(runtime.clock.monotonicMs()).toBe(5);
  });

  it('bounds runaway timer loops', async () => {
    const runtime = new ManualRuntime({ maxTimersPerRun: 100 });
    const loop = (): void => void runtime.setTimer(0, loop);
    loop();
    await expect(runtime.runAll()).rejects.toThrow(/more than 100 timers/);
  });

  it('rejects bad delays and targets with a RangeError naming them', async () => {
    const runtime = new ManualRuntime();
    expect(() => runtime.setTimer(-1, () => {})).toThrow(/Invalid delayMs.*-1/);
    expect(() => runtime.setTimer(Number.NaN, () => {})).toThrow(RangeError);
    await runtime.advance(10);
    await expect(runtime.advanceTo(5)).rejects.toThrow(/targetMonotonicMs/);
  });

  it('draws chance from its seed', () => {
    expect(new ManualRuntime({ seed: 3 }).random.next()).toBe(new ManualRuntime({ seed: 3 }).random.next());
  });
});
