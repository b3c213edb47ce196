import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { writeBehind } from './write-behind.js';

const cache = { name: 'likes', entity: 'entity0', freshness: { maxMs: 5000 } } as const;

describe('caching.write-behind', () => {
  it('absorbs writes for write-heavy, loss-tolerant eventual data', () => {
    expect(writeBehind.decide({ context: modelContextOf('eventual', { readWriteRatio: 0.5 }), cache })?.choice).toMatchObject({ strategy: 'write-behind', ttlMs: 4000 });
  });

  it('never for durable data, read-heavy data or stronger models', () => {
    expect(writeBehind.decide({ context: modelContextOf('eventual', { readWriteRatio: 0.5, money: true }), cache })).toBeUndefined();
    expect(writeBehind.decide({ context: modelContextOf('eventual', { readWriteRatio: 10 }), cache })).toBeUndefined();
    expect(writeBehind.decide({ context: modelContextOf('causal', { readWriteRatio: 0.5 }), cache })).toBeUndefined();
  });
});
