import type { Crdt } from './crdt.js';
import { GCounter, type GCounterJson } from './g-counter.js';
import { checkReplica } from './replica.js';

/**
 * JSON form of a {@link PNCounter}.
 *
 * @example
 * ```ts
 * PNCounter.fromJSON({ increments: { a: 5 }, decrements: { b: 2 } }, 'a').value(); // 3
 * ```
 */
export interface PNCounterJson {
  readonly increments: GCounterJson;
  readonly decrements: GCounterJson;
}

/**
 * A counter that goes up and down: two grow-only counters, increments and decrements; the value is
 * their difference. Use it for likes, stock reservations across regions, active sessions.
 *
 * @example
 * ```ts
 * import { PNCounter } from 'pacelc/crdt';
 * const stock = PNCounter.empty('eu');
 * stock.increment(10);
 * stock.decrement(3);
 * stock.value(); // 7
 * ```
 */
export class PNCounter implements Crdt<PNCounter, number, PNCounterJson> {
  readonly replica: string;
  private readonly increments: GCounter;
  private readonly decrements: GCounter;

  private constructor(replica: string, increments: GCounter, decrements: GCounter) {
    this.replica = checkReplica(replica);
    this.increments = increments;
    this.decrements = decrements;
  }

  static empty(replica: string): PNCounter {
    return new PNCounter(replica, GCounter.empty(replica), GCounter.empty(replica));
  }

  static fromJSON(json: PNCounterJson, replica: string): PNCounter {
    return new PNCounter(replica, GCounter.fromJSON(json.increments, replica), GCounter.fromJSON(json.decrements, replica));
  }

  /** Adds `amount` (≥ 0); returns the delta. */
  increment(amount = 1): PNCounter {
    return new PNCounter(this.replica, this.increments.increment(amount), GCounter.empty(this.replica));
  }

  /** Subtracts `amount` (≥ 0); returns the delta. */
  decrement(amount = 1): PNCounter {
    return new PNCounter(this.replica, GCounter.empty(this.replica), this.decrements.increment(amount));
  }

  value(): number {
    return this.increments.value() - this.decrements.value();
  }

  merge(other: PNCounter): PNCounter {
    this.increments.merge(other.increments);
    this.decrements.merge(other.decrements);
    return this;
  }

  clone(replica = this.replica): PNCounter {
    return new PNCounter(replica, this.increments.clone(replica), this.decrements.clone(replica));
  }

  toJSON(): PNCounterJson {
    return { increments: this.increments.toJSON(), decrements: this.decrements.toJSON() };
  }
}
