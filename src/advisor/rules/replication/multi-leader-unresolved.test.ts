import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { multiLeaderUnresolved } from './multi-leader-unresolved.js';

describe('replication.multi-leader-siblings', () => {
  it('keeps concurrent writes as siblings when no conflict policy is named', () => {
    const draft = multiLeaderUnresolved.decide(modelContextOf('eventual', { writes: 'multi-region' }, { regions: ['us-east-1', 'eu-west-1'] }));
    expect(draft?.choice.choice).toEqual({ kind: 'multi-leader', conflictResolution: 'vector-clocks-with-siblings' });
  });

  it('does not apply once a policy is named', () => {
    expect(multiLeaderUnresolved.decide(modelContextOf('eventual', { writes: 'multi-region', conflicts: 'merge' }, { regions: ['us-east-1', 'eu-west-1'] }))).toBeUndefined();
  });
});
