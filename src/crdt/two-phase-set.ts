import type { Crdt } from './crdt.js';
import { GSet } from './g-set.js';
import type { Json } from './json.js';
import { checkReplica } from './replica.js';

/**
 * JSON form of a {@link TwoPhaseSet}.
 *
 * @example
 * ```ts
 * TwoPhaseSet.fromJSON({ added: ['x', 'y'], removed: ['y'] }, 'a').value(); // ['x']
 * ```
 */
export interface TwoPhaseSetJson<T extends Json> {
  readonly added: T[];
  readonly removed: T[];
}

/**
 * A two-phase set: a grow-only set of additions and one of removals (tombstones). An element is in
 * the set if added and not removed — and once removed it can never be added again. Use it where
 * that is the rule (revoked tokens, deleted ids never reused); otherwise use an {@link ORSet}.
 *
 * @example
 * ```ts
 * import { TwoPhaseSet } from 'pacelc/crdt';
 * const tokens = TwoPhaseSet.empty<string>('a');
 * tokens.add('t1');
 * tokens.remove('t1');
 * tokens.add('t1');
 * tokens.has('t1'); // false: removal is forever
 * ```
 */
export class TwoPhaseSet<T extends Json> implements Crdt<TwoPhaseSet<T>, T[], TwoPhaseSetJson<T>> {
  readonly replica: string;
  private readonly added: GSet<T>;
  private readonly removed: GSet<T>;

  private constructor(replica: string, added: GSet<T>, removed: GSet<T>) {
    this.replica = checkReplica(replica);
    this.added = added;
    this.removed = removed;
  }

  static empty<T extends Json>(replica: string): TwoPhaseSet<T> {
    return new TwoPhaseSet<T>(replica, GSet.empty<T>(replica), GSet.empty<T>(replica));
  }

  static fromJSON<T extends Json>(json: TwoPhaseSetJson<T>, replica: string): TwoPhaseSet<T> {
    return new TwoPhaseSet<T>(replica, GSet.fromJSON(json.added, replica), GSet.fromJSON(json.removed, replica));
  }

  /** Adds `element` (no effect if it was ever removed); returns the delta. */
  add(element: T): TwoPhaseSet<T> {
    return new TwoPhaseSet<T>(this.replica, this.added.add(element), GSet.empty<T>(this.replica));
  }

  /** Removes `element` for good (a tombstone, kept forever); returns the delta. */
  remove(element: T): TwoPhaseSet<T> {
    return new TwoPhaseSet<T>(this.replica, GSet.empty<T>(this.replica), this.removed.add(element));
  }

  has(element: T): boolean {
    return this.added.has(element) && !this.removed.has(element);
  }

  value(): T[] {
    return this.added.value().filter((element) => !this.removed.has(element));
  }

  merge(other: TwoPhaseSet<T>): TwoPhaseSet<T> {
    this.added.merge(other.added);
    this.removed.merge(other.removed);
    return this;
  }

  clone(replica = this.replica): TwoPhaseSet<T> {
    return new TwoPhaseSet<T>(replica, this.added.clone(replica), this.removed.clone(replica));
  }

  toJSON(): TwoPhaseSetJson<T> {
    return { added: this.added.toJSON(), removed: this.removed.toJSON() };
  }
}
