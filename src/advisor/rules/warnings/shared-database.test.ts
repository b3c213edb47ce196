import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

describe('warning.shared-database', () => {
  it('flags services that share a database, once per database', () => {
    const spec = specOf({ services: [{ name: 'orders', database: 'main' }, { name: 'billing', database: 'main' }, { name: 'search', database: 'index' }], entities: [{ service: 'orders' }] });
    const found = warningsOf(spec, 'warning.shared-database');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('orders, billing share the database "main"');
  });

  it('is silent with a database per service', () => {
    expect(warningsOf(specOf({ services: [{ name: 'svc', database: 'a' }, { name: 'b', database: 'b' }] }), 'warning.shared-database')).toEqual([]);
  });
});
