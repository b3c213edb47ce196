import { describe, expect, it } from 'vitest';
import { callOf, specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.retry-non-idempotent';

describe(id, () => {
  it('flags retries configured on a non-idempotent call', () => {
    expect(warningsOf(specOf({ calls: [callOf({ idempotent: false, retries: 2 })] }), id)[0]?.message).toContain('retried 2 times');
  });
  it('is silent for idempotent calls and calls without retries', () => {
    expect(warningsOf(specOf({ calls: [callOf({ idempotent: true, retries: 2 }), callOf({ idempotent: false })] }), id)).toEqual([]);
  });
});
