import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { warningsOf } from '../../testing/review.js';

const id = 'warning.failover-targets-missed';

describe(id, () => {
  it('flags an RTO below what failover takes, and an RPO a stated asynchronous setup cannot meet', () => {
    expect(warningsOf(specOf({ entities: [{ money: true, rtoMs: 5000 }] }), id)[0]?.message).toContain('RTO ≤ 5000 ms');
    expect(warningsOf(specOf({ entities: [{ rpoMs: 100, replication: { kind: 'leader-follower', mode: 'asynchronous' } }] }), id)[0]?.message).toContain('RPO ≤ 100 ms');
  });
  it('is silent when the design meets the targets', () => {
    expect(warningsOf(specOf({ entities: [{ money: true, rpoMs: 0, rtoMs: 60_000 }] }), id)).toEqual([]);
  });
});
