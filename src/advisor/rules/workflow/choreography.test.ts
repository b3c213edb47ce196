import { describe, expect, it } from 'vitest';
import { decideFirst } from '../../rule.js';
import { specOf } from '../../testing/builders.js';
import { choreography } from './choreography.js';
import { coordinationRules } from './index.js';

describe('saga.choreography', () => {
  it('is the default for short flows', () => {
    const workflow = { name: 'signup', steps: [{ name: 'a', service: 'x' }, { name: 'b', service: 'y' }] };
    expect(choreography.decide({ spec: specOf(), workflow })?.choice).toBe('choreography');
    expect(decideFirst(coordinationRules, { spec: specOf(), workflow }).ruleId).toBe('saga.choreography');
  });
});
