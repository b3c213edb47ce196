import { invalidOption } from '../errors.js';

/**
 * How two vector clocks (or version vectors) relate.
 *
 * @example
 * ```ts
 * const order: CausalOrder = a.compare(b); // 'concurrent'
 * ```
 */
export type CausalOrder = 'before' | 'after' | 'equal' | 'concurrent';

/**
 * A vector clock (Fidge and Mattern, 1988): one counter per node. `a` happened before `b` exactly
 * when every counter of `a` is ≤ the same counter of `b` and one is smaller; when neither is ≤ the
 * other the events are concurrent — a conflict that last-writer-wins would silently resolve and
 * that you may want to merge instead. Immutable: every operation returns a new clock. The same
 * structure tracks data versions per replica as a version vector ({@link VersionVector}).
 *
 * @example
 * ```ts
 * import { VectorClock } from 'pacelc/clocks';
 * const a = VectorClock.empty().increment('a'); // {a:1}
 * const b = a.increment('b'); // {a:1, b:1}
 * const c = a.increment('c'); // {a:1, c:1}
 * a.compare(b); // 'before'
 * b.compare(c); // 'concurrent'
 * b.merge(c).increment('a'); // {a:2, b:1, c:1}: after both
 * ```
 */
export class VectorClock {
  private readonly counters: ReadonlyMap<string, number>;

  private constructor(counters: ReadonlyMap<string, number>) {
    this.counters = counters;
  }

  /** The clock before any event. */
  static empty(): VectorClock {
    return new VectorClock(new Map());
  }

  /** A clock from `{ node: counter }` (zero counters are dropped). */
  static from(counters: Readonly<Record<string, number>>): VectorClock {
    const map = new Map<string, number>();
    for (const [node, counter] of Object.entries(counters)) {
      if (!Number.isSafeInteger(counter) || counter < 0) throw invalidOption(`counters.${node}`, counter, 'a safe integer >= 0');
      if (counter > 0) map.set(node, counter);
    }
    return new VectorClock(map);
  }

  /** Same as {@link VectorClock.from}: restores `toJSON()` output. */
  static fromJSON(json: Readonly<Record<string, number>>): VectorClock {
    return VectorClock.from(json);
  }

  /** The counter of `node` (0 if absent). */
  get(node: string): number {
    return this.counters.get(node) ?? 0;
  }

  /** The nodes with a non-zero counter, sorted. */
  get nodes(): string[] {
    return [...this.counters.keys()].sort();
  }

  /** An event at `node`: its counter plus one. */
  increment(node: string): VectorClock {
    if (typeof node !== 'string' || node === '') throw invalidOption('node', node, 'a non-empty node id');
    const next = new Map(this.counters);
    next.set(node, this.get(node) + 1);
    return new VectorClock(next);
  }

  /** The least clock after both: the counter-wise maximum (what a receive does before its increment). */
  merge(other: VectorClock): VectorClock {
    // Immutable: when one side already covers the other, it is the merge (no copy).
    if (other === this || coversAll(this.counters, other.counters)) return this;
    if (coversAll(other.counters, this.counters)) return other;
    const next = new Map(this.counters);
    for (const [node, counter] of other.counters) if (counter > (next.get(node) ?? 0)) next.set(node, counter);
    return new VectorClock(next);
  }

  /** How `this` relates to `other`. */
  compare(other: VectorClock): CausalOrder {
    let less = false;
    let greater = false;
    for (const [node, counter] of this.counters) {
      const theirs = other.get(node);
      if (counter < theirs) less = true;
      else if (counter > theirs) greater = true;
    }
    for (const [node, counter] of other.counters) if (!this.counters.has(node) && counter > 0) less = true;
    if (less && greater) return 'concurrent';
    if (less) return 'before';
    if (greater) return 'after';
    return 'equal';
  }

  /** Whether `this` has seen everything `other` has (after or equal): a replica holding `this` may discard `other`. */
  descends(other: VectorClock): boolean {
    const order = this.compare(other);
    return order === 'after' || order === 'equal';
  }

  /** Whether neither clock has seen the other's latest event. */
  isConcurrentWith(other: VectorClock): boolean {
    return this.compare(other) === 'concurrent';
  }

  /** Whether the clocks are equal. */
  equals(other: VectorClock): boolean {
    return this.compare(other) === 'equal';
  }

  /** `{ node: counter }` with nodes sorted, so equal clocks serialise identically. */
  toJSON(): Record<string, number> {
    const json: Record<string, number> = {};
    for (const node of this.nodes) json[node] = this.counters.get(node) as number;
    return json;
  }

  toString(): string {
    return `{${this.nodes.map((node) => `${node}:${this.counters.get(node)}`).join(', ')}}`;
  }
}

/** Whether every counter of `smaller` is ≤ the same counter of `larger`. */
function coversAll(larger: ReadonlyMap<string, number>, smaller: ReadonlyMap<string, number>): boolean {
  if (smaller.size > larger.size) return false;
  for (const [node, counter] of smaller) if (counter > (larger.get(node) ?? 0)) return false;
  return true;
}

/**
 * A version vector: a {@link VectorClock} kept per data item with one counter per replica that
 * accepted a write to it (Dynamo, Riak). Same operations; the name says what it tracks.
 *
 * @example
 * ```ts
 * import { VersionVector } from 'pacelc/clocks';
 * const v1 = VersionVector.empty().increment('replica-1');
 * ```
 */
export const VersionVector = VectorClock;
/** See {@link VersionVector}. */
export type VersionVector = VectorClock;
