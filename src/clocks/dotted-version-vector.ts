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

  private constructor(context: VectorClock, siblings: Sibling<V>[]) {
    this.context = context;
    this.siblings = siblings.sort((a, b) => (a.dot.node < b.dot.node ? -1 : a.dot.node > b.dot.node ? 1 : a.dot.counter - b.dot.counter));
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
    const kept = this.siblings.filter((sibling) => !covers(clientContext, sibling.dot));
    let context = this.context.merge(clientContext);
    while (context.get(node) < dot.counter) context = context.increment(node);
    return new SiblingSet(context, [...kept, { dot, value }]);
  }

  /**
   * Joins two replicas' states for the key (anti-entropy, read repair, hinted handoff): a sibling
   * survives unless the other side has seen its dot and dropped it. Commutative, associative and
   * idempotent.
   */
  merge(other: SiblingSet<V>): SiblingSet<V> {
    const ours = new Set(this.siblings.map((sibling) => dotKey(sibling.dot)));
    const theirs = new Set(other.siblings.map((sibling) => dotKey(sibling.dot)));
    const kept = [
      ...this.siblings.filter((sibling) => theirs.has(dotKey(sibling.dot)) || !covers(other.context, sibling.dot)),
      ...other.siblings.filter((sibling) => !ours.has(dotKey(sibling.dot)) && !covers(this.context, sibling.dot)),
    ];
    return new SiblingSet(this.context.merge(other.context), kept);
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

function dotKey(dot: Dot): string {
  return `${dot.counter}@${dot.node}`;
}
