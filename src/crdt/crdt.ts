/**
 * What every pacelc CRDT is: replica-bound state that merges (a join: commutative, associative,
 * idempotent), whose mutators return a delta — a small state of the same type that, merged
 * anywhere, has the mutation's effect (delta-state CRDTs, Almeida et al., 2018) — and that
 * serialises to canonical JSON (equal states give equal JSON).
 *
 * @example
 * ```ts
 * import { GCounter } from 'pacelc/crdt';
 * const a = GCounter.empty('a');
 * const b = GCounter.empty('b');
 * const delta = a.increment(3); // ship `delta.toJSON()` to b...
 * b.merge(GCounter.fromJSON(delta.toJSON(), 'b'));
 * b.value(); // 3
 * ```
 */
export interface Crdt<Self, Value, Json> {
  /** The replica this instance mutates as (its id in counters and dots). */
  readonly replica: string;
  /** The current value. */
  value(): Value;
  /** Joins `other` (a full state or a delta) into this state, in place; returns `this`. */
  merge(other: Self): Self;
  /** An independent copy (bound to `replica`, default the same). */
  clone(replica?: string): Self;
  /** Canonical JSON: keys and elements sorted, so equal states serialise identically. */
  toJSON(): Json;
}

/**
 * A CRDT class: how to make an empty state and restore one (used by {@link ORMap} for its values).
 *
 * @example
 * ```ts
 * ORMap.empty('eu', PNCounter); // PNCounter is a CrdtType<PNCounter>
 * ```
 */
export interface CrdtType<C> {
  empty(replica: string): C;
  fromJSON(json: never, replica: string): C;
}
