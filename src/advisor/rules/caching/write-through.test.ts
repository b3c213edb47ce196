import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { writeThrough } from './write-through.js';

const cache = { name: 'profile', entity: 'entity0', freshness: { maxMs: 30_000 } } as const;

describe('caching.write-through', () => {
  it('writes through when users must read their own writes', () => {
    expect(writeThrough.decide({ context: modelContextOf('read-your-writes'), cache })?.choice).toMatchObject({ strategy: 'write-through', ttlMs: 24_000, invalidation: 'on-write-event' });
    expect(writeThrough.decide({ context: modelContextOf('causal', { readYourWrites: true }), cache })?.choice.strategy).toBe('write-through');
  });

  it('does not apply otherwise', () => {
    expect(writeThrough.decide({ context: modelContextOf('eventual'), cache })).toBeUndefined();
  });
});
