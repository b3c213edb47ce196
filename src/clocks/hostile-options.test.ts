// Issue 20, item 10: clocks check their options when they are built — a TypeError or RangeError
// naming the option and the value received.
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { HybridLogicalClock } from './hlc.js';
import { LamportClock } from './lamport.js';

const bad = (value: unknown): never => value as never;

describe('clock options checked at construction', () => {
  const cases: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
    ['HLC maxOffsetMs as a string', () => new HybridLogicalClock(bad({ maxOffsetMs: '500' })), TypeError, /Invalid option maxOffsetMs: .*received "500"/],
    ['HLC maxOffsetMs of 0', () => new HybridLogicalClock({ maxOffsetMs: 0 }), RangeError, /Invalid option maxOffsetMs: .*received 0/],
    ['HLC maxOffsetMs NaN', () => new HybridLogicalClock({ maxOffsetMs: Number.NaN }), RangeError, /Invalid option maxOffsetMs: .*received NaN/],
    ['HLC runtime as a number', () => new HybridLogicalClock(bad({ runtime: 7 })), TypeError, /Invalid option runtime: .*received 7/],
    ['HLC options as a string', () => new HybridLogicalClock(bad('500')), TypeError, /options of HybridLogicalClock: expected an object, received "500"/],
    ['Lamport initial as a string', () => new LamportClock(bad('3')), RangeError, /Invalid option initial: .*received "3"/],
  ];
  for (const [name, build, type, message] of cases) {
    it(`refuses ${name}`, () => {
      expect(build).toThrow(type);
      expect(build).toThrow(message);
    });
  }

  it('accepts Infinity for maxOffsetMs, and a valid clock still ticks (the checks are not a stub)', () => {
    const clock = new HybridLogicalClock({ runtime: new ManualRuntime({ startWallMs: 1_000 }), maxOffsetMs: Number.POSITIVE_INFINITY });
    expect(clock.receive({ wallMs: 1e12, logical: 0 })).toEqual({ wallMs: 1e12, logical: 1 });
  });
});
