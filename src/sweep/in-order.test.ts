import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InOrder } from './in-order.js';

describe('InOrder', () => {
  it('hands results on in index order, whatever order they arrive in, and ignores a second result for an index', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }).chain((size) => fc.tuple(fc.shuffledSubarray([...Array(size).keys()], { minLength: size }), fc.array(fc.nat(size - 1)))), ([arrival, repeats]) => {
        const order = new InOrder<number>();
        const handedOn: number[] = [];
        arrival.forEach((index, position) => {
          handedOn.push(...order.add(index, index));
          // A redelivered job's second result, for a job whose result already arrived.
          const repeat = repeats[position];
          if (repeat !== undefined) handedOn.push(...order.add(arrival[repeat % (position + 1)] as number, -1));
        });
        expect(handedOn.filter((value) => value >= 0)).toEqual([...arrival].sort((a, b) => a - b));
        expect(order.next).toBe(arrival.length);
        expect(order.waiting).toBe(0);
      }),
    );
  });
});
