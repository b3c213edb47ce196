import { describe, expect, it } from 'vitest';
import { contextOf } from '../../testing/builders.js';
import { residencyPartitioning } from './residency.js';

describe('partitioning.residency', () => {
  it('puts the home jurisdiction first in the key, naming the allowed regions', () => {
    const draft = residencyPartitioning.decide(
      contextOf({ key: 'user_id', residency: [{ jurisdiction: 'EU', regions: ['eu-west-1', 'eu-central-1'] }] }, { regions: ['us-east-1', 'eu-west-1', 'eu-central-1'] }),
    );
    expect(draft?.choice).toMatchObject({ strategy: 'geographic', key: '(home_jurisdiction, user_id)' });
    expect(draft?.summary).toContain('EU → eu-west-1, eu-central-1');
  });

  it('does not apply without residency', () => {
    expect(residencyPartitioning.decide(contextOf({}))).toBeUndefined();
    expect(residencyPartitioning.decide(contextOf({ residency: [] }))).toBeUndefined();
  });
});
