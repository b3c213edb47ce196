import { describe, expect, it } from 'vitest';
import { decideFirst } from '../../rule.js';
import { modelContextOf } from '../../testing/builders.js';
import { replicationRules } from './index.js';

describe('the replication decision tree', () => {
  it('ends with a default, so every entity gets a decision', () => {
    expect(replicationRules.at(-1)?.id).toBe('replication.async-default');
  });

  it('a stated replication wins over every derived one; strong models win over conflict policies', () => {
    expect(decideFirst(replicationRules, modelContextOf('linearizable', { replication: { kind: 'leader-follower', mode: 'asynchronous' } })).ruleId).toBe('replication.given');
    expect(decideFirst(replicationRules, modelContextOf('linearizable', { writes: 'multi-region', conflicts: 'merge' }, { regions: ['us-east-1', 'eu-west-1'] })).ruleId).toBe(
      'replication.strong-single-leader',
    );
  });
});
