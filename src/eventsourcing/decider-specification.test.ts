import { describe, expect, it } from 'vitest';
import type { Decider, DomainEvent } from './decider.js';
import { deciderSpecification } from './decider-specification.js';

type Event = DomainEvent<'Added', { by: number }>;
const capped: Decider<number, { by: number }, Event> = {
  initialState: () => 0,
  decide: (command, state) => {
    if (state + command.by > 10) throw new RangeError('over the cap');
    return { type: 'Added', data: { by: command.by } };
  },
  evolve: (state, event) => state + event.data.by,
};

describe('deciderSpecification', () => {
  const spec = deciderSpecification(capped);

  it('passes when the command produces the expected events', () => {
    spec.given([{ type: 'Added', data: { by: 4 } }]).when({ by: 5 }).then([{ type: 'Added', data: { by: 5 } }]);
  });

  it('fails when the events differ', () => {
    expect(() => spec.given([]).when({ by: 5 }).then([{ type: 'Added', data: { by: 6 } }])).toThrow();
  });

  it('checks rejections, and the error when asked', () => {
    spec.given([{ type: 'Added', data: { by: 8 } }]).when({ by: 5 }).thenThrows((error) => error instanceof RangeError);
    expect(() => spec.given([]).when({ by: 1 }).thenThrows()).toThrow(/Expected the command to be rejected/);
    expect(() => spec.given([{ type: 'Added', data: { by: 8 } }]).when({ by: 5 }).thenThrows((error) => error instanceof TypeError)).toThrow(/not the expected error/);
  });
});
