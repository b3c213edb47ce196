import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { geoAccessPartitioning } from './geo-access.js';

describe('partitioning.geo-access', () => {
  it('partitions location-queried data by region and geocell, splitting dense cells', () => {
    const draft = geoAccessPartitioning.decide(contextOf({ access: ['geo'] }));
    expect(draft?.choice).toMatchObject({ strategy: 'geographic', key: '(region, geocell)' });
    expect(draft?.choice.hotKeyMitigation).toContain('split dense cells');
  });

  it('does not apply without geo access', () => {
    expect(geoAccessPartitioning.decide(contextOf({ access: ['point', 'range'] }))).toBeUndefined();
  });
});
