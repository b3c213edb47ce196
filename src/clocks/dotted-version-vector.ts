import { invalidOption } from '../errors.js';
import { VectorClock } from './vector-clock.js';

/**
 * One event: the `counter`-th write coordinated by `node`.
 *
 * @example
 * ```ts
 * const dot: Dot = { node: 'n1', counter: 3 }; // the third write coordinated by n1
 * ```
 */
export interface Dot {
  readonly node: string;
  readonly counter: number;
}

/**
 * A value with the dot of the write that produced it.
 *
 * @example
 * ```ts
 * key.siblings[0]; // { dot: { node: 'n1', counter: 2 }, value: 'cart: milk' }
 * ```
 */
export interface Sibling<V> {
  readonly dot: Dot;
  readonly value: V;
}

/**
 * What a client reads: the concurrent values and the context to send back with its next write.
 *
 * @example
 * ```ts
 * const { values, context } = key.read(); // send context back with the next write
 * ```
 */
export interface SiblingRead<V> {
  readonly values: V[];
  readonly context: VectorClock;
}

/**
 * JSON form of a {@link SiblingSet}.
 *
 * @example
 * ```ts
 * const restored = SiblingSet.fromJSON(JSON.parse(JSON.stringify(key)));
 * ```
 */
export interface SiblingSetJson<V> {
  readonly context: Record<string, number>;
  readonly siblings: ReadonlyArray<{ readonly node: string; readonly counter: number; readonly value: V }>;
}

/**
 * The values of one key on a replica, tracked with dotted version vectors (Preguiça et al., 2010;
 * Riak's `dvv_enabled`): every write gets its own dot `(coordinating node, counter)`, and the
 * write's client context (the version vector it read) says exactly which siblings it replaces.
 * Concurrent writes — even two clients writing through the same node with the same context — are
 * kept as siblings, and a write with a context that covers them resolves them. Unlike per-server
 * version vectors (which lose one of two such writes) or per-client vector clocks (which grow
 * without bound and explode into false siblings), the metadata is one counter per replica plus one
 * dot per sibling. Immutable.
 *
 * @example
 * ```ts
 * import { SiblingSet, VectorClock } from 'pacelc/clocks';
 * let key = SiblingSet.empty<string>();
 * const { context } = key.read(); // {}
 * key = key.write('n1', 'cart: milk', context);
 * key = key.write('n1', 'cart: eggs', context); // same stale context: a sibling, not an overwrite
 * key.read().values; // ['cart: milk', 'cart: eggs']
 * key = key.write('n1', 'cart: milk, eggs', key.read().context); // resolves both
 * ```
 */
export class SiblingSet<V> {
  /** Every dot this replica has seen for the key (including overwritten ones). */
  readonly context: VectorClock;
  /** The current concurrent values, ordered by dot. */
  readonly siblings: readonly Sibling<V>[];

  private constructor(context: VectorClock, siblings: Sibling<V>[], sorted = false) {
    this.context = context;
    // Callers that build the array in dot order already (write, merge) skip the sort.
    this.siblings = sorted ? siblings : siblings.sort(compareSiblings);
  }

  /** A key that was never written. */
  static empty<V>(): SiblingSet<V> {
    return new SiblingSet<V>(VectorClock.empty(), []);
  }

  /** The values and the context a client must send back with its next write. */
  read(): SiblingRead<V> {
    return { values: this.siblings.map((sibling) => sibling.value), context: this.context };
  }

  /**
   * A write coordinated by `node` from a client that had read `clientContext`: it replaces the
   * siblings the client had seen and stays concurrent with the others.
   */
  write(node: string, value: V, clientContext: VectorClock = VectorClock.empty()): SiblingSet<V> {
    if (typeof node !== 'string' || node === '') throw invalidOption('node', node, 'a non-empty node id');
    const dot: Dot = { node, counter: this.context.get(node) + 1 };
    const added: Sibling<V> = { dot, value };
    // The kept siblings (in dot order already) with the new one inserted in its place.
    const siblings: Sibling<V>[] = [];
    let placed = false;
    for (const sibling of this.siblings) {
      if (covers(clientContext, sibling.dot)) continue;
      if (!placed && compareSiblings(added, sibling) < 0) {
        siblings.push(added);
        placed = true;
      }
      siblings.push(sibling);
    }
    if (!placed) siblings.push(added);
    const merged = this.context.merge(clientContext);
    // The merged counter of `node` is at least dot.counter - 1 (this context's): one increment at most.
    const context = merged.get(node) < dot.counter ? merged.increment(node) : merged;
    return new SiblingSet(context, siblings, true);
  }

  /**
   * Joins two replicas' states for the key (anti-entropy, read repair, hinted handoff): a sibling
   * survives unless the other side has seen its dot and dropped it. Commutative, associative and
   * idempotent.
   */
  merge(other: SiblingSet<V>): SiblingSet<V> {
    if (other === this) return this;
    const mine = this.siblings;
    const yours = other.siblings;
    // Few siblings (the usual case): scan for a shared dot instead of building sets of dot keys.
    const small = mine.length * yours.length <= 64;
    const ours = small ? undefined : new Set(mine.map((sibling) => dotKey(sibling.dot)));
    const theirs = small ? undefined : new Set(yours.map((sibling) => dotKey(sibling.dot)));
    const keptMine: Sibling<V>[] = [];
    for (const sibling of mine) if ((theirs === undefined ? holdsDot(yours, sibling.dot) : theirs.has(dotKey(sibling.dot))) || !covers(other.context, sibling.dot)) keptMine.push(sibling);
    const keptYours: Sibling<V>[] = [];
    for (const sibling of yours) if (!(ours === undefined ? holdsDot(mine, sibling.dot) : ours.has(dotKey(sibling.dot))) && !covers(this.context, sibling.dot)) keptYours.push(sibling);
    const context = this.context.merge(other.context);
    // Immutable: when the join is one of the two sides exactly, that side is the answer.
    if (keptYours.length === 0 && keptMine.length === mine.length && context === this.context) return this;
    if (keptMine.length === 0 && keptYours.length === yours.length && context === other.context) return other;
    // Both kept lists are in dot order: merge them (ties keep ours first, as the stable sort did).
    if (keptYours.length === 0) return new SiblingSet(context, keptMine, true);
    if (keptMine.length === 0) return new SiblingSet(context, keptYours, true);
    const siblings: Sibling<V>[] = [];
    let i = 0;
    let j = 0;
    while (i < keptMine.length && j < keptYours.length) {
      if (compareSiblings(keptYours[j] as Sibling<V>, keptMine[i] as Sibling<V>) < 0) siblings.push(keptYours[j++] as Sibling<V>);
      else siblings.push(keptMine[i++] as Sibling<V>);
    }
    while (i < keptMine.length) siblings.push(keptMine[i++] as Sibling<V>);
    while (j < keptYours.length) siblings.push(keptYours[j++] as Sibling<V>);
    return new SiblingSet(context, siblings, true);
  }

  /** Whether there is more than one value (the application must resolve them). */
  get hasConflict(): boolean {
    return this.siblings.length > 1;
  }

  toJSON(): SiblingSetJson<V> {
    return { context: this.context.toJSON(), siblings: this.siblings.map((sibling) => ({ node: sibling.dot.node, counter: sibling.dot.counter, value: sibling.value })) };
  }

  static fromJSON<V>(json: SiblingSetJson<V>): SiblingSet<V> {
    const context = VectorClock.fromJSON(json.context);
    const siblings = json.siblings.map((sibling) => {
      if (!covers(context, sibling)) throw invalidOption('siblings', sibling, 'a sibling whose dot is within the context');
      return { dot: { node: sibling.node, counter: sibling.counter }, value: sibling.value };
    });
    return new SiblingSet(context, siblings);
  }
}

/**
 * Whether the version vector `context` includes `dot`.
 *
 * @example
 * ```ts
 * import { VectorClock, covers } from 'pacelc/clocks';
 * covers(VectorClock.from({ n1: 3 }), { node: 'n1', counter: 2 }); // true
 * ```
 */
export function covers(context: VectorClock, dot: Dot): boolean {
  return context.get(dot.node) >= dot.counter;
}

function compareSiblings<V>(a: Sibling<V>, b: Sibling<V>): number {
  return a.dot.node < b.dot.node ? -1 : a.dot.node > b.dot.node ? 1 : a.dot.counter - b.dot.counter;
}

function holdsDot<V>(siblings: readonly Sibling<V>[], dot: Dot): boolean {
  for (const sibling of siblings) if (sibling.dot.counter === dot.counter && sibling.dot.node === dot.node) return true;
  return false;
}

function dotKey(dot: Dot): string {
  return `${dot.counter}@${dot.node}`;
}
