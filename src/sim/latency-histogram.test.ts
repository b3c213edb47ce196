import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.js';

describe('LatencyHistogram', () => {
  it('percentiles are within 1.6% of the exact order statistic', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.001, max: 100_000, noNaN: true }), { minLength: 1, maxLength: 500 }), fc.integer({ min: 1, max: 99 }), (values, p) => {
        const histogram = new LatencyHistogram();
        for (const value of values) histogram.record(value);
        const sorted = [...values].sort((a, b) => a - b);
        const exact = sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
        const estimate = histogram.percentile(p);
        expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(exact * 0.016 + 0.001);
      }),
    );
  });

  it('summarises, merges and reports exact min, max and mean', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) (i % 2 === 0 ? a : b).record(i);
    a.merge(b);
    expect(a.count).toBe(100);
    expect(a.meanMs).toBe(50.5);
    expect(a.min).toBe(1);
    expect(a.percentile(100)).toBe(100);
    expect(a.summary().p50Ms).toBeCloseTo(50, 0);
    expect(new LatencyHistogram().percentile(50)).toBe(0);
    expect(() => a.percentile(101)).toThrow(RangeError);
  });
});
