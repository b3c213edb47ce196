import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { compensationOrder } from './compensation.js';

describe('saga.compensation', () => {
  it('compensates the steps before the pivot, in reverse order', () => {
    const workflow = {
      name: 'book',
      steps: [
        { name: 'hold', service: 'seats', compensation: 'release' },
        { name: 'authorize', service: 'payments', compensation: 'void' },
        { name: 'ticket', service: 'tickets' },
        { name: 'capture', service: 'payments', retriable: true },
      ],
    };
    const draft = compensationOrder.decide({ spec: specOf(), workflow });
    expect(draft?.choice).toEqual({ order: ['void', 'release'], pivot: 'ticket' });
    expect(draft?.why).toContain('ticket is the pivot');
  });

  it('without a pivot every compensation runs, last first', () => {
    const workflow = { name: 'w', steps: [{ name: 'a', service: 's', compensation: 'ua' }, { name: 'b', service: 's', compensation: 'ub' }] };
    expect(compensationOrder.decide({ spec: specOf(), workflow })?.choice).toEqual({ order: ['ub', 'ua'] });
  });
});
