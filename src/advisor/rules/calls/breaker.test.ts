import { describe, expect, it } from 'vitest';
import { callOf, specOf } from '../../testing/builders.js';
import { breakerThresholds } from './breaker.js';

describe('call.circuit-breaker', () => {
  it('opens at 50% failures or slow calls, with a minimum-calls floor of 20, half-open after 15 s', () => {
    const policy = breakerThresholds.decide({ spec: specOf(), call: callOf({ latency: { p99Ms: 100 }, requestsPerSecond: 100 }) })?.choice;
    expect(policy).toEqual({ failureRateThreshold: 0.5, slowCallMs: 150, minimumRequests: 100, windowMs: 10_000, openMs: 15_000, halfOpenProbes: 5 });
  });

  it('widens the window for rare calls so the failure rate means something', () => {
    const policy = breakerThresholds.decide({ spec: specOf(), call: callOf({ requestsPerSecond: 0.5 }) })?.choice;
    expect(policy).toMatchObject({ windowMs: 60_000, minimumRequests: 20 });
  });
});
