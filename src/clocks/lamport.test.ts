import { describe, expect, it } from 'vitest';
import { LamportClock } from './lamport.js';

describe('LamportClock', () => {
  it('ticks on local events and jumps past received timestamps', () => {
    const a = new LamportClock();
    const b = new LamportClock(10);
    const sent = a.tick();
    expect(sent).toBe(1);
    expect(b.receive(sent)).toBe(11);
    const reply = b.tick();
    expect(a.receive(reply)).toBe(13);
    expect(a.value).toBe(13);
    expect(LamportClock.fromJSON(JSON.parse(JSON.stringify(a)) as number).value).toBe(13);
  });

  it('a happened-before b implies L(a) < L(b) along any message chain', () => {
    const clocks = [new LamportClock(), new LamportClock(), new LamportClock()];
    let previous = 0;
    for (let hop = 0; hop < 100; hop++) {
      const receiver = clocks[(hop * 7) % 3] as LamportClock;
      const stamp = receiver.receive(previous);
      expect(stamp).toBeGreaterThan(previous);
      previous = receiver.tick();
    }
    expect(() => new LamportClock(-1)).toThrow(RangeError);
    expect(() => new LamportClock().receive(1.5)).toThrow(RangeError);
  });
});
