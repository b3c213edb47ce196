import { roundTripTableSource } from './round-trip-table.js';
import { describe, expect, it } from 'vitest';
import { Geography, inferArea } from './regions.js';

describe('inferArea', () => {
  it('reads the naming schemes of AWS, Google Cloud, Azure and plain city names', () => {
    expect(inferArea('us-east-1')).toBe('north-america');
    expect(inferArea('ca-central-1')).toBe('north-america');
    expect(inferArea('eu-west-1')).toBe('europe');
    expect(inferArea('europe-west4')).toBe('europe');
    expect(inferArea('westeurope')).toBe('europe');
    expect(inferArea('eastus')).toBe('north-america');
    expect(inferArea('ap-northeast-1')).toBe('asia-pacific');
    expect(inferArea('asia-southeast1')).toBe('asia-pacific');
    expect(inferArea('ap-southeast-2')).toBe('oceania');
    expect(inferArea('sa-east-1')).toBe('south-america');
    expect(inferArea('me-central-1')).toBe('middle-east');
    expect(inferArea('af-south-1')).toBe('africa');
    expect(inferArea('frankfurt')).toBe('europe');
    expect(inferArea('dc-7')).toBe('unknown');
  });
});

describe('Geography', () => {
  const geography = new Geography({
    name: 't',
    regions: ['us-east-1', 'eu-west-1', { name: 'dc-tokyo', area: 'asia-pacific' }, 'mystery'],
    latency: [{ between: ['eu-west-1', 'us-east-1'], rttMs: 72 }],
  });

  it('uses a measured round trip in either direction, else estimates it from the areas', () => {
    expect(geography.roundTrip('us-east-1', 'eu-west-1')).toEqual({ rttMs: 72, measured: true, basis: 'spec' });
    expect(geography.roundTrip('eu-west-1', 'us-east-1')).toEqual({ rttMs: 72, measured: true, basis: 'spec' });
    expect(geography.roundTrip('us-east-1', 'dc-tokyo')).toEqual({ rttMs: 150, measured: false, basis: 'area-estimate' });
    expect(geography.roundTrip('us-east-1', 'mystery').rttMs).toBe(100);
    expect(geography.roundTrip('us-east-1', 'us-east-1').rttMs).toBe(1);
  });

  it('uses the per-pair cloud table before the area estimates: us-east-1 ↔ us-east-2 is about 12 ms, not the 60 ms area figure', () => {
    const cloud = new Geography({ name: 't', regions: ['us-east-1', 'us-east-2', 'eu-west-1', 'eu-west-3', 'eastus', 'eastus2', 'europe-west1', 'europe-west4'] });
    expect(cloud.roundTrip('us-east-2', 'us-east-1')).toEqual({ rttMs: 12, measured: false, basis: 'cloud-table' });
    expect(cloud.roundTrip('eu-west-1', 'eu-west-3')).toMatchObject({ rttMs: 17, basis: 'cloud-table' });
    expect(cloud.roundTrip('eastus', 'eastus2')).toMatchObject({ rttMs: 7, basis: 'cloud-table' });
    expect(cloud.roundTrip('europe-west1', 'europe-west4')).toMatchObject({ rttMs: 7, basis: 'cloud-table' });
    // A pair across clouds is not in the table: the area estimate stays.
    expect(cloud.roundTrip('us-east-1', 'eastus')).toMatchObject({ rttMs: 60, basis: 'area-estimate' });
    expect(roundTripTableSource.sources.map((source) => new URL(source.url).hostname)).toEqual(['www.cloudping.co', 'learn.microsoft.com', 'datastudio.google.com']);
  });

  it('the estimates are symmetric', () => {
    const names = geography.regions.map((region) => region.name);
    for (const a of names) for (const b of names) expect(geography.roundTrip(a, b).rttMs).toBe(geography.roundTrip(b, a).rttMs);
  });

  it('places a write-ordering point where the farthest writer is nearest, ties broken by total distance', () => {
    const three = new Geography({ name: 't', regions: ['us-east-1', 'eu-west-1', 'eu-central-1'] });
    expect(three.serializationRoundTrip(['us-east-1', 'eu-west-1', 'eu-central-1'])).toEqual({ rttMs: 70, measured: false, placement: 'eu-west-1' });
    const one = new Geography({ name: 't', regions: ['us-east-1'] });
    expect(one.serializationRoundTrip(['us-east-1']).rttMs).toBe(0);
  });

  it('finds the nearest region and the widest round trip', () => {
    expect(geography.nearest('eu-west-1', ['us-east-1', 'dc-tokyo', 'eu-west-1'])).toEqual({ name: 'us-east-1', rttMs: 72 });
    expect(geography.widestRoundTrip(['us-east-1', 'eu-west-1', 'dc-tokyo']).rttMs).toBe(180);
    expect(geography.crossesContinents('us-east-1', 'eu-west-1')).toBe(true);
    expect(geography.crossesContinents('eu-west-1', 'eu-west-1')).toBe(false);
  });
});
