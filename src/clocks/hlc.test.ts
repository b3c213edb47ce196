import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { ClockOffsetError, HybridLogicalClock, compareHlc, formatHlc } from './hlc.js';

describe('HybridLogicalClock', () => {
  it('follows wall-clock time and counts events within a millisecond', async () => {
    const runtime = new ManualRuntime({ startWallMs: 1_000 });
    const hlc = new HybridLogicalClock({ runtime });
    expect(hlc.now()).toEqual({ wallMs: 1000, logical: 0 });
    expect(hlc.now()).toEqual({ wallMs: 1000, logical: 1 });
    await runtime.advance(5);
    expect(hlc.now()).toEqual({ wallMs: 1005, logical: 0 });
  });

  it('never goes backwards when the wall clock steps back', () => {
    const runtime = new ManualRuntime({ startWallMs: 10_000 });
    const hlc = new HybridLogicalClock({ runtime });
    const before = hlc.now();
    runtime.skewWallClock(-5_000);
    const after = hlc.now();
    expect(compareHlc(after, before)).toBeGreaterThan(0);
    expect(after).toEqual({ wallMs: 10_000, logical: 1 });
  });

  it('a receive is after the message even on a node whose clock is 200 ms behind', () => {
    const fast = new ManualRuntime({ startWallMs: 50_200 });
    const slow = new ManualRuntime({ startWallMs: 50_000 });
    const a = new HybridLogicalClock({ runtime: fast });
    const b = new HybridLogicalClock({ runtime: slow });
    const sent = a.now();
    const received = b.receive(sent);
    expect(compareHlc(sent, received)).toBeLessThan(0);
    expect(compareHlc(sent, b.now())).toBeLessThan(0);
  });

  it('causality holds along any chain of messages between skewed nodes (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -300, max: 300 }), { minLength: 3, maxLength: 3 }), fc.array(fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 20 })), { maxLength: 60 }), (skews, hops) => {
      const runtimes = skews.map((skew) => new ManualRuntime({ startWallMs: 1_000_000 + skew }));
      const clocks = runtimes.map((runtime) => new HybridLogicalClock({ runtime, maxOffsetMs: 1_000 }));
      let message = (clocks[0] as HybridLogicalClock).now();
      for (const [node, elapsedMs] of hops) {
        for (const runtime of runtimes) runtime.skewWallClock(elapsedMs); // time passes everywhere
        const received = (clocks[node] as HybridLogicalClock).receive(message);
        expect(compareHlc(received, message)).toBeGreaterThan(0);
        const next = (clocks[node] as HybridLogicalClock).now();
        expect(compareHlc(next, received)).toBeGreaterThan(0);
        // bounded drift: an HLC never runs further ahead of the real time than the largest skew
        expect(next.wallMs - (runtimes[node] as ManualRuntime).clock.nowMs()).toBeLessThanOrEqual(600);
        message = next;
      }
    }));
  });

  it('rejects a timestamp further ahead than maxOffsetMs with a typed error', () => {
    const hlc = new HybridLogicalClock({ runtime: new ManualRuntime({ startWallMs: 1_000 }), maxOffsetMs: 500 });
    expect(() => hlc.receive({ wallMs: 1_501, logical: 0 })).toThrow(ClockOffsetError);
    try {
      hlc.receive({ wallMs: 9_000, logical: 0 });
    } catch (error) {
      expect((error as ClockOffsetError).code).toBe('CLOCK_OFFSET_EXCEEDED');
      expect((error as ClockOffsetError).message).toMatch(/8000 ms ahead/);
    }
    expect(hlc.receive({ wallMs: 1_500, logical: 7 })).toEqual({ wallMs: 1_500, logical: 8 });
    expect(() => new HybridLogicalClock({ maxOffsetMs: 0 })).toThrow(RangeError);
  });

  it('formats timestamps as strings that sort like them', () => {
    expect(formatHlc({ wallMs: 1_700_000_000_000, logical: 3 })).toBe('0001700000000000.0000000003');
    const stamps = [{ wallMs: 5, logical: 10 }, { wallMs: 5, logical: 2 }, { wallMs: 40, logical: 0 }];
    expect(stamps.map(formatHlc).sort()).toEqual([...stamps].sort(compareHlc).map(formatHlc));
  });
});
