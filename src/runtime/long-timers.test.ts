// Issue 20, item 9: a delay beyond 2^31 - 1 ms (what one Node timer holds) must not fire at once.
import { describe, expect, it } from 'vitest';
import { chainedTimeout, createSystemRuntime, MAX_NODE_TIMER_MS } from './system-runtime.js';

describe('system runtime timers beyond 2^31 - 1 ms', () => {
  const runtime = createSystemRuntime({ seed: 1 });

  it('setTimer(3e9) and sleep(3e9) do not fire while shorter timers do, and cancel cleanly', async () => {
    let fired = 0;
    const timer = runtime.setTimer(3e9, () => fired++);
    const controller = new AbortController();
    const sleeping = runtime.sleep(30 * 86_400_000, controller.signal).then(() => 'woke', () => 'aborted');
    await runtime.sleep(30);
    expect(fired).toBe(0);
    timer.cancel();
    controller.abort();
    expect(await sleeping).toBe('aborted');
    expect(MAX_NODE_TIMER_MS).toBe(2 ** 31 - 1);
  });

  it('chains links of chunkMs and fires once when the whole delay has passed, by the monotonic clock', async () => {
    const startedMs = performance.now();
    const firedAtMs = await new Promise<number>((resolve) => chainedTimeout(70, () => resolve(performance.now()), true, 20));
    expect(firedAtMs - startedMs).toBeGreaterThanOrEqual(69); // a lower bound: never early
    let fired = false;
    const handle = chainedTimeout(60, () => (fired = true), true, 20);
    await runtime.sleep(30); // past the first link
    handle.cancel(); // cancels the link now armed
    await runtime.sleep(50);
    expect(fired).toBe(false);
  });
});
