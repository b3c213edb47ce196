import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { rangeScanPartitioning } from './range-scans.js';

describe('partitioning.range-scans', () => {
  it('keeps key order for range scans and warns about monotonic keys', () => {
    const draft = rangeScanPartitioning.decide(contextOf({ key: '(sensor_id, ts)', access: ['range'] }));
    expect(draft?.choice).toEqual({ strategy: 'range', key: '(sensor_id, ts)' });
    expect(draft?.tradeOff).toContain('grows monotonically');
  });

  it('adds hot-key splitting when hot keys are likely', () => {
    expect(rangeScanPartitioning.decide(contextOf({ access: ['range'], hotKeys: 'high' }))?.choice.hotKeyMitigation).toContain('sub-keys');
  });

  it('does not apply without range access', () => {
    expect(rangeScanPartitioning.decide(contextOf({ access: ['point'] }))).toBeUndefined();
  });
});
