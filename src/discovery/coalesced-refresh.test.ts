import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { coalescedRefresh } from './coalesced-refresh.js';

describe('coalescedRefresh', () => {
  it('a burst during a read costs one more read, started after the burst, and reads never overlap', async () => {
    const runtime = new ManualRuntime();
    let running = 0;
    let overlapped = false;
    const starts: number[] = [];
    const refresh = coalescedRefresh(async () => {
      overlapped ||= running > 0;
      running++;
      starts.push(runtime.clock.monotonicMs());
      await runtime.sleep(10);
      running--;
    }, () => false);
    const first = refresh();
    await runtime.advance(3);
    const burst = Array.from({ length: 10 }, () => refresh());
    await runtime.runAll();
    await Promise.all([first, ...burst]);
    expect(starts).toEqual([0, 10]);
    expect(overlapped).toBe(false);
    const later = refresh();
    expect(starts).toEqual([0, 10, 20]); // idle again: the next call reads at once
    await runtime.runAll();
    await later;
  });

  it('stops repeating once stopped', async () => {
    const runtime = new ManualRuntime();
    let reads = 0;
    let stopped = false;
    const refresh = coalescedRefresh(async () => {
      reads++;
      await runtime.sleep(10);
    }, () => stopped);
    const first = refresh();
    void refresh();
    stopped = true;
    await runtime.runAll();
    await first;
    expect(reads).toBe(1);
  });
});
