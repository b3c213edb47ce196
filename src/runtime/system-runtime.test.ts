import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSystemRuntime, systemRuntime } from './system-runtime.js';

describe('systemRuntime', () => {
  it('is one shared instance with real clocks', () => {
    expect(systemRuntime()).toBe(systemRuntime());
    const { clock } = systemRuntime();
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(1_000);
    const before = clock.monotonicMs();
    expect(clock.monotonicMs()).toBeGreaterThanOrEqual(before);
  });

  it('sleeps and fires timers on real time', async () => {
    const runtime = createSystemRuntime();
    const order: string[] = [];
    runtime.setTimer(1, () => order.push('timer'));
    await runtime.sleep(20);
    order.push('slept');
    expect(order).toEqual(['timer', 'slept']);
  });

  it('rejects a sleep promptly on abort with the reason', async () => {
    const runtime = createSystemRuntime();
    const controller = new AbortController();
    const sleeping = runtime.sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });

  it('cancels timers', async () => {
    const runtime = createSystemRuntime();
    let fired = false;
    runtime.setTimer(1, () => (fired = true)).cancel();
    await runtime.sleep(10);
    expect(fired).toBe(false);
  });

  it('a timer with keepAlive: false does not hold the process open', () => {
    const script = `import { createSystemRuntime } from ${JSON.stringify(new URL('./system-runtime.ts', import.meta.url).pathname)};
      const runtime = createSystemRuntime();
      runtime.setTimer(60_000, () => console.log('fired'), { keepAlive: false });
      console.log('exiting');`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(result.stdout.trim()).toBe('exiting');
    expect(result.status).toBe(0);
  });

  it('seeds its Random on request', () => {
    expect(createSystemRuntime({ seed: 5 }).random.next()).toBe(createSystemRuntime({ seed: 5 }).random.next());
  });
});
