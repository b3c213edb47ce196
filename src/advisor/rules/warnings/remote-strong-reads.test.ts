import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.remote-linearizable-reads';
const regions = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];

describe(id, () => {
  it('flags linearizable data whose read objective is below the round trip from the farthest region', () => {
    const found = warningsOf(specOf({ system: { regions }, entities: [{ money: true, latency: { readP99Ms: 50 } }] }), id);
    expect(found[0]?.message).toContain('a read from ap-northeast-1 waits a 145 ms round trip');
  });

  it('is silent for one region, a generous objective, or weaker models', () => {
    expect(warningsOf(specOf({ entities: [{ money: true, latency: { readP99Ms: 5 } }] }), id)).toEqual([]);
    expect(warningsOf(specOf({ system: { regions }, entities: [{ money: true, latency: { readP99Ms: 200 } }] }), id)).toEqual([]);
    expect(warningsOf(specOf({ system: { regions }, entities: [{ staleness: { maxMs: 1000 }, latency: { readP99Ms: 5 } }] }), id)).toEqual([]);
  });
});
