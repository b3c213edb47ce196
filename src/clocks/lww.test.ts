import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { HybridLogicalClock } from './hlc.js';
import { type LwwStamp, compareStamps, lastWriterWins } from './lww.js';

interface Write extends LwwStamp {
  readonly value: string;
}

describe('last-writer-wins', () => {
  it('orders by timestamp, then logical counter, then node id', () => {
    expect(compareStamps({ timestampMs: 1, node: 'b' }, { timestampMs: 2, node: 'a' })).toBeLessThan(0);
    expect(compareStamps({ timestampMs: 2, logical: 1, node: 'a' }, { timestampMs: 2, node: 'z' })).toBeGreaterThan(0);
    expect(compareStamps({ timestampMs: 2, node: 'b' }, { timestampMs: 2, node: 'a' })).toBeGreaterThan(0);
    const a: Write = { value: 'a', timestampMs: 5, node: 'a' };
    const b: Write = { value: 'b', timestampMs: 5, node: 'b' };
    expect(lastWriterWins(a, b)).toBe(lastWriterWins(b, a));
  });

  it('CAVEAT: a node whose clock is behind loses its later write — silently', async () => {
    // Node A's clock is right; node B's runs 2 seconds slow (NTP not yet converged).
    const clockA = new ManualRuntime({ startWallMs: 1_000_000 });
    const clockB = new ManualRuntime({ startWallMs: 1_000_000 });
    clockB.skewWallClock(-2_000);
    const first: Write = { value: 'price=10 (written first, by A)', timestampMs: clockA.clock.nowMs(), node: 'A' };
    // One real second later B reads price=10 and writes the correction.
    await clockA.advance(1_000);
    await clockB.advance(1_000);
    const second: Write = { value: 'price=12 (written second, by B)', timestampMs: clockB.clock.nowMs(), node: 'B' };
    expect(second.timestampMs).toBeLessThan(first.timestampMs);
    // Every replica converges on the FIRST write: B's correction is lost, and no error is raised.
    expect(lastWriterWins(first, second).value).toBe('price=10 (written first, by A)');
    expect(lastWriterWins(second, first).value).toBe('price=10 (written first, by A)');
  });

  it('HLC stamps save a write that saw the other, but not a concurrent one', async () => {
    const runtimeA = new ManualRuntime({ startWallMs: 1_000_000 });
    const runtimeB = new ManualRuntime({ startWallMs: 998_000 }); // 2 s slow
    const a = new HybridLogicalClock({ runtime: runtimeA, maxOffsetMs: 5_000 });
    const b = new HybridLogicalClock({ runtime: runtimeB, maxOffsetMs: 5_000 });
    const stamp = (t: { wallMs: number; logical: number }, node: string, value: string): Write => ({ value, timestampMs: t.wallMs, logical: t.logical, node });
    const first = stamp(a.now(), 'A', 'first');
    await runtimeA.advance(1_000);
    await runtimeB.advance(1_000);
    b.receive({ wallMs: first.timestampMs, logical: first.logical ?? 0 }); // B read A's write
    const second = stamp(b.now(), 'B', 'second, after reading first');
    expect(lastWriterWins(first, second).value).toBe('second, after reading first');
    // A concurrent write from B that never saw A's is still decided by the skewed clocks.
    const c = new HybridLogicalClock({ runtime: runtimeB, maxOffsetMs: 5_000 });
    const concurrent = stamp(c.now(), 'B', 'concurrent, 1 s later in real time');
    expect(lastWriterWins(first, concurrent).value).toBe('first');
  });
});
