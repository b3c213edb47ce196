import { invalidOption } from '../errors.js';

/**
 * A Lamport clock (Lamport, 1978): a counter that ticks on every local event and jumps past any
 * timestamp it receives, so that if event a happened before b then `a < b`. The converse does not
 * hold — use a {@link VectorClock} to tell concurrent events apart. Break ties between equal
 * timestamps by node id for a total order.
 *
 * @example
 * ```ts
 * import { LamportClock } from 'pacelc/clocks';
 * const a = new LamportClock();
 * const b = new LamportClock();
 * const sent = a.tick(); // 1
 * b.receive(sent); // 2: after everything b saw and after the message
 * ```
 */
export class LamportClock {
  private current: number;

  constructor(initial = 0) {
    if (!Number.isSafeInteger(initial) || initial < 0) throw invalidOption('initial', initial, 'a safe integer >= 0');
    this.current = initial;
  }

  /** The last timestamp issued or seen. */
  get value(): number {
    return this.current;
  }

  /** A local event (or a send): advances and returns the new timestamp. */
  tick(): number {
    this.current += 1;
    return this.current;
  }

  /** A message stamped `remote` arrived: jump past it and return the receive event's timestamp. */
  receive(remote: number): number {
    if (!Number.isSafeInteger(remote) || remote < 0) throw invalidOption('remote', remote, 'a safe integer >= 0');
    this.current = Math.max(this.current, remote) + 1;
    return this.current;
  }

  toJSON(): number {
    return this.current;
  }

  static fromJSON(value: number): LamportClock {
    return new LamportClock(value);
  }
}
