import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.js';

describe('didYouMean', () => {
  it('suggests close typos, including swapped letters, and nothing for far words', () => {
    expect(didYouMean('desgin', ['design', 'quorum', 'check'])).toBe('design');
    expect(didYouMean('QUORUM', ['design', 'quorum'])).toBe('quorum');
    expect(didYouMean('entitys', ['entities', 'workflows'])).toBe('entities');
    expect(didYouMean('zzz', ['design', 'quorum'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });

  it('edit distance is a metric-like function (zero on equal, symmetric, bounded by length)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, a)).toBe(0);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});
