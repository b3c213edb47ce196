import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { smallDataPartitioning } from './small-data.js';

describe('partitioning.small-data', () => {
  it('does not partition data that fits one node', () => {
    expect(smallDataPartitioning.decide(contextOf({ volume: { sizeGb: 50, writesPerSecond: 200 } }))?.choice).toEqual({ strategy: 'none', key: '' });
  });

  it('applies only when the volume is known and small', () => {
    expect(smallDataPartitioning.decide(contextOf({}))).toBeUndefined();
    expect(smallDataPartitioning.decide(contextOf({ volume: { sizeGb: 5000 } }))).toBeUndefined();
    expect(smallDataPartitioning.decide(contextOf({ volume: { sizeGb: 10, writesPerSecond: 50_000 } }))).toBeUndefined();
  });
});
