import { invalidOption } from '../errors.js';
import type { Crdt } from './crdt.js';
import { compareStrings } from './json.js';
import { checkAmount, checkReplica } from './replica.js';

/**
 * JSON form of a {@link GCounter}: each replica's count.
 *
 * @example
 * ```ts
 * GCounter.fromJSON({ a: 2, b: 5 }, 'c').value(); // 7
 * ```
 */
export type GCounterJson = Record<string, number>;

/**
 * A grow-only counter: one count per replica, each incremented only by its owner; the value is the
 * sum and a merge takes the per-replica maximum (Shapiro et al., 2011).
 *
 * @example
 * ```ts
 * import { GCounter } from 'pacelc/crdt';
 * const a = GCounter.empty('a');
 * const b = GCounter.empty('b');
 * a.increment(2);
 * b.increment(5);
 * a.merge(b).value(); // 7
 * ```
 */
export class GCounter implements Crdt<GCounter, number, GCounterJson> {
  readonly replica: string;
  private readonly counts = new Map<string, number>();

  private constructor(replica: string) {
    this.replica = checkReplica(replica);
  }

  static empty(replica: string): GCounter {
    return new GCounter(replica);
  }

  static fromJSON(json: GCounterJson, replica: string): GCounter {
    const counter = new GCounter(replica);
    for (const [id, count] of Object.entries(json)) {
      if (!Number.isSafeInteger(count) || count < 0) throw invalidOption(`counts.${id}`, count, 'a safe integer >= 0');
      if (count > 0) counter.counts.set(id, count);
    }
    return counter;
  }

  /** Adds `amount` (≥ 0) to this replica's count; returns the delta. */
  increment(amount = 1): GCounter {
    checkAmount(amount);
    const count = (this.counts.get(this.replica) ?? 0) + amount;
    if (amount > 0) this.counts.set(this.replica, count);
    const delta = new GCounter(this.replica);
    if (count > 0) delta.counts.set(this.replica, count);
    return delta;
  }

  /** The count of one replica. */
  countOf(replica: string): number {
    return this.counts.get(replica) ?? 0;
  }

  value(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }

  merge(other: GCounter): GCounter {
    for (const [id, count] of other.counts) if (count > (this.counts.get(id) ?? 0)) this.counts.set(id, count);
    return this;
  }

  clone(replica = this.replica): GCounter {
    return new GCounter(replica).merge(this);
  }

  toJSON(): GCounterJson {
    const json: GCounterJson = {};
    for (const id of [...this.counts.keys()].sort(compareStrings)) json[id] = this.counts.get(id) as number;
    return json;
  }
}
