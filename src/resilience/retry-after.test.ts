import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { BrokenCircuitError } from './errors.js';
import { parseRetryAfter, retryAfterMs } from './retry-after.js';

describe('Retry-After', () => {
  const runtime = new ManualRuntime({ startWallMs: Date.parse('2026-11-24T07:00:00Z') });

  it('reads seconds and HTTP dates (relative to the wall clock), and rejects junk', () => {
    expect(parseRetryAfter('120', runtime.clock)).toBe(120_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 07:00:30 GMT', runtime.clock)).toBe(30_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 06:00:00 GMT', runtime.clock)).toBe(0);
    expect(parseRetryAfter('soon', runtime.clock)).toBeUndefined();
  });

  it('finds the wait on pacelc errors, fetch-style Headers, and plain header records', () => {
    expect(retryAfterMs(new BrokenCircuitError(1_500), runtime.clock)).toBe(1_500);
    expect(retryAfterMs({ response: { headers: new Headers({ 'Retry-After': '3' }) } }, runtime.clock)).toBe(3_000);
    expect(retryAfterMs({ headers: { 'retry-after': '4' } }, runtime.clock)).toBe(4_000);
    expect(retryAfterMs({ response: { headers: { 'Retry-After': 5 } } }, runtime.clock)).toBe(5_000);
    expect(retryAfterMs(new Error('plain'), runtime.clock)).toBeUndefined();
    expect(retryAfterMs(undefined, runtime.clock)).toBeUndefined();
  });
});
