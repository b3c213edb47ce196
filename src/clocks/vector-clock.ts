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
  // The non-zero counters as two parallel arrays sorted by node (a handful of nodes: scans beat
  // hashing, and merge is a merge of two sorted lists). Never mutated once built.
  private readonly names: readonly string[];
  private readonly counts: readonly number[];

  private constructor(names: readonly string[], counts: readonly number[]) {
    this.names = names;
    this.counts = counts;
  }

  /** The clock before any event. */
  static empty(): VectorClock {
    return new VectorClock([], []);
  }

  /** A clock from `{ node: counter }` (zero counters are dropped). */
  static from(counters: Readonly<Record<string, number>>): VectorClock {
    const entries: Array<[string, number]> = [];
    for (const [node, counter] of Object.entries(counters)) {
      if (!Number.isSafeInteger(counter) || counter < 0) throw invalidOption(`counters.${node}`, counter, 'a safe integer >= 0');
      if (counter > 0) entries.push([node, counter]);
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return new VectorClock(
      entries.map((entry) => entry[0]),
      entries.map((entry) => entry[1]),
    );
  }

  /** Same as {@link VectorClock.from}: restores `toJSON()` output. */
  static fromJSON(json: Readonly<Record<string, number>>): VectorClock {
    return VectorClock.from(json);
  }

  /** The counter of `node` (0 if absent). */
  get(node: string): number {
    const names = this.names;
    for (let index = 0; index < names.length; index++) if (names[index] === node) return this.counts[index] as number;
    return 0;
  }

  /** The nodes with a non-zero counter, sorted. */
  get nodes(): string[] {
    return this.names.slice();
  }

  /** An event at `node`: its counter plus one. */
  increment(node: string): VectorClock {
    if (typeof node !== 'string' || node === '') throw invalidOption('node', node, 'a non-empty node id');
    const names = this.names.slice();
    const counts = this.counts.slice();
    let index = 0;
    while (index < names.length && (names[index] as string) < node) index++;
    if (names[index] === node) counts[index] = (counts[index] as number) + 1;
    else {
      names.splice(index, 0, node);
      counts.splice(index, 0, 1);
    }
    return new VectorClock(names, counts);
  }

  /** The least clock after both: the counter-wise maximum (what a receive does before its increment). */
  merge(other: VectorClock): VectorClock {
    // Immutable: when one side already covers the other, it is the merge (no copy).
    if (other === this || VectorClock.covering(this, other)) return this;
    if (VectorClock.covering(other, this)) return other;
    const names: string[] = [];
    const counts: number[] = [];
    const ours = this.names;
    const theirs = other.names;
    let i = 0;
    let j = 0;
    while (i < ours.length || j < theirs.length) {
      const left = ours[i];
      const right = theirs[j];
      if (right === undefined || (left !== undefined && left < right)) {
        names.push(left as string);
        counts.push(this.counts[i++] as number);
      } else if (left === undefined || right < left) {
        names.push(right);
        counts.push(other.counts[j++] as number);
      } else {
        names.push(left);
        counts.push(Math.max(this.counts[i++] as number, other.counts[j++] as number));
      }
    }
    return new VectorClock(names, counts);
  }

  /** How `this` relates to `other`. */
  compare(other: VectorClock): CausalOrder {
    const less = !VectorClock.covering(this, other);
    const greater = !VectorClock.covering(other, this);
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
    for (let index = 0; index < this.names.length; index++) json[this.names[index] as string] = this.counts[index] as number;
    return json;
  }

  toString(): string {
    return `{${this.names.map((node, index) => `${node}:${this.counts[index]}`).join(', ')}}`;
  }

  /** Whether every counter of `smaller` is ≤ the same counter of `larger` (both sorted by node). */
  private static covering(larger: VectorClock, smaller: VectorClock): boolean {
    const big = larger.names;
    const small = smaller.names;
    if (small.length > big.length) return false;
    let i = 0;
    for (let j = 0; j < small.length; j++) {
      const node = small[j] as string;
      while (i < big.length && (big[i] as string) < node) i++;
      if (big[i] !== node || (larger.counts[i] as number) < (smaller.counts[j] as number)) return false;
    }
    return true;
  }
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
