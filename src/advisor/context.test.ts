import { describe, expect, it } from 'vitest';
import { isStrong, modelStrength } from './context.js';
import { contextOf } from './testing/builders.js';

describe('entityContext', () => {
  it('money, no double booking or an RPO of 0 make writes durable', () => {
    expect(contextOf({}).durable).toBe(false);
    expect(contextOf({ money: true }).durable).toBe(true);
    expect(contextOf({ noDoubleBooking: true }).durable).toBe(true);
    expect(contextOf({ rpoMs: 0 }).durable).toBe(true);
    expect(contextOf({ rpoMs: 10 }).durable).toBe(false);
  });

  it('multi-region writes need more than one region; the primary is the first region', () => {
    expect(contextOf({ writes: 'multi-region' }).multiRegionWrites).toBe(false);
    const two = contextOf({ writes: 'multi-region' }, { regions: ['eu-west-1', 'us-east-1'] });
    expect(two).toMatchObject({ multiRegionWrites: true, writeRegions: ['eu-west-1', 'us-east-1'], primaryRegion: 'eu-west-1' });
    expect(contextOf({}, { regions: ['eu-west-1', 'us-east-1'] }).writeRegions).toEqual(['eu-west-1']);
  });
});

describe('model strength', () => {
  it('orders models strongest first; linearizable and sequential are strong', () => {
    const order = Object.entries(modelStrength).sort((a, b) => a[1] - b[1]).map(([model]) => model);
    expect(order).toEqual(['linearizable', 'sequential', 'causal', 'read-your-writes', 'bounded-staleness', 'eventual']);
    expect(order.filter((model) => isStrong(model as never))).toEqual(['linearizable', 'sequential']);
  });
});
