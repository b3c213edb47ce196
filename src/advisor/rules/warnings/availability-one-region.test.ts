import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.availability-beyond-one-region';

describe(id, () => {
  it('flags five nines from one region, with the downtime budget', () => {
    const found = warningsOf(specOf({ system: { availability: 99.999 } }), id);
    expect(found[0]?.message).toContain('5.3 minutes of downtime a year');
  });

  it('is silent with several regions or a lower target', () => {
    expect(warningsOf(specOf({ system: { availability: 99.999, regions: ['us-east-1', 'us-west-2'] } }), id)).toEqual([]);
    expect(warningsOf(specOf({ system: { availability: 99.99 } }), id)).toEqual([]);
  });
});
