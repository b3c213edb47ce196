import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

describe('EventQueue', () => {
  it('pops in (time, scheduling order), growing past its initial capacity', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const queue = new EventQueue(16);
        times.forEach((time, index) => queue.push(time, 1, index, -1, 0, index));
        const popped: Array<[number, number]> = [];
        while (queue.size > 0) {
          const time = queue.topTime();
          const slot = queue.pop();
          popped.push([time, queue.payloadOf(slot) as number]);
          queue.release(slot);
        }
        const expected = times.map((time, index) => [time, index] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('keeps kind, target, source and tag per slot and reuses released slots', () => {
    const queue = new EventQueue();
    const slot = queue.push(3, 7, 2, 5, 1.5, { hello: 1 });
    expect(queue.peekTime()).toBe(3);
    expect(queue.pop()).toBe(slot);
    expect([queue.kindOf(slot), queue.targetOf(slot), queue.sourceOf(slot), queue.tagOf(slot)]).toEqual([7, 2, 5, 1.5]);
    queue.release(slot);
    expect(queue.pop()).toBe(-1);
    expect(queue.push(1, 0, 0, 0, 0, null)).toBe(slot);
  });

  it('interleaves pushes and pops like a sorted list', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 400 }), (steps) => {
        const queue = new EventQueue(16);
        const model: Array<[number, number]> = [];
        let id = 0;
        for (const step of steps) {
          if (step >= 0) {
            queue.push(step, 0, 0, 0, 0, id);
            model.push([step, id++]);
            model.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          } else {
            const slot = queue.pop();
            const expected = model.shift();
            if (expected === undefined) expect(slot).toBe(-1);
            else {
              expect(queue.payloadOf(slot)).toBe(expected[1]);
              queue.release(slot);
            }
          }
        }
      }),
    );
  });
});
