import { describe, expect, it } from 'vitest';
import { decideFirst } from '../../rule.js';
import { contextOf } from '../../testing/builders.js';
import { hashDefaultPartitioning } from './hash-default.js';
import { partitioningRules } from './index.js';

describe('partitioning.hash-default', () => {
  it('always applies: consistent hashing on the key with 128 virtual nodes', () => {
    expect(hashDefaultPartitioning.decide(contextOf({ key: 'order_id' }))?.choice).toEqual({ strategy: 'consistent-hashing', key: 'order_id', virtualNodesPerNode: 128 });
  });

  it('is the last rule of the tree; residency beats geo access beats range scans beats size', () => {
    expect(partitioningRules.at(-1)).toBe(hashDefaultPartitioning);
    const decide = (entity: Parameters<typeof contextOf>[0]) => decideFirst(partitioningRules, contextOf(entity)).ruleId;
    expect(decide({ residency: [{ jurisdiction: 'EU', regions: ['us-east-1'] }], access: ['geo'] })).toBe('partitioning.residency');
    expect(decide({ access: ['geo', 'range'] })).toBe('partitioning.geo-access');
    expect(decide({ access: ['range'], volume: { sizeGb: 1 } })).toBe('partitioning.range-scans');
    expect(decide({ volume: { sizeGb: 1 } })).toBe('partitioning.small-data');
  });
});
