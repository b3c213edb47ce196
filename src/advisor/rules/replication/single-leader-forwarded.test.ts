import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { singleLeaderForwarded } from './single-leader-forwarded.js';

describe('replication.single-leader-forwarded', () => {
  it('orders all writes at one leader when conflicts must be rejected, semi-synchronous when durable', () => {
    const draft = singleLeaderForwarded.decide(
      modelContextOf('eventual', { writes: 'multi-region', conflicts: 'reject', rpoMs: 0 }, { regions: ['us-east-1', 'eu-west-1', 'eu-central-1'] }),
    );
    expect(draft?.choice.choice).toMatchObject({ kind: 'leader-follower', mode: 'semi-synchronous', synchronousAcks: 1 });
    expect(draft?.choice.leaderRegion).toBe('eu-west-1');
    expect(draft?.summary).toContain('other regions forward writes');
  });

  it('applies only to multi-region writes with conflicts: reject', () => {
    expect(singleLeaderForwarded.decide(modelContextOf('eventual', { writes: 'multi-region', conflicts: 'merge' }, { regions: ['us-east-1', 'eu-west-1'] }))).toBeUndefined();
  });
});
