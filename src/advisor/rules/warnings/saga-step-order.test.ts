import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.saga-step-order';

describe(id, () => {
  it('flags steps after the pivot that can fail', () => {
    const workflow = { name: 'w', steps: [{ name: 'charge', service: 'payments' }, { name: 'reserve', service: 'stock', compensation: 'release' }, { name: 'email', service: 'mail' }] };
    const found = warningsOf(specOf({ workflows: [workflow] }), id);
    expect(found[0]?.message).toContain('reserve, email come after charge');
  });
  it('is silent when only retriable steps follow the pivot', () => {
    const workflow = { name: 'w', steps: [{ name: 'reserve', service: 'stock', compensation: 'release' }, { name: 'charge', service: 'payments' }, { name: 'email', service: 'mail', retriable: true }] };
    expect(warningsOf(specOf({ workflows: [workflow] }), id)).toEqual([]);
  });
});
