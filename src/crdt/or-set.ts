import { CausalContext, type CausalContextJson, dotKey, joinDots, parseDotKey } from './causal-context.js';
import type { Crdt } from './crdt.js';
import { type Json, compareStrings, stableStringify } from './json.js';
import { checkReplica } from './replica.js';

/**
 * JSON form of an {@link ORSet}: each element with the dots of the adds that keep it, and the causal context.
 *
 * @example
 * ```ts
 * ORSet.fromJSON(JSON.parse(JSON.stringify(set)), 'b');
 * ```
 */
export interface ORSetJson<T extends Json> {
  readonly entries: ReadonlyArray<{ readonly element: T; readonly dots: ReadonlyArray<readonly [string, number]> }>;
  readonly context: CausalContextJson;
}

interface Entry<T> {
  readonly element: T;
  readonly dots: Set<string>;
}

/**
 * An observed-remove set with add-wins semantics, without tombstones (Bieniusa et al., 2012;
 * Almeida et al.'s AWORSet): every add is tagged with a unique dot, a remove deletes the dots it has
 * observed, and the causal context remembers what was removed. So an add concurrent with a remove
 * survives (add wins), an element can be removed and added again, and removed elements leave no
 * per-element tombstone behind. Elements are JSON values compared by canonical JSON.
 *
 * @example
 * ```ts
 * import { ORSet } from 'pacelc/crdt';
 * const alice = ORSet.empty<string>('alice');
 * const bob = ORSet.empty<string>('bob');
 * bob.merge(alice.add('milk'));
 * const removal = bob.remove('milk'); // bob removes the milk he saw...
 * alice.add('milk'); // ...while alice adds it again
 * alice.merge(removal).has('milk'); // true: add wins
 * ```
 */
export class ORSet<T extends Json> implements Crdt<ORSet<T>, T[], ORSetJson<T>> {
  readonly replica: string;
  private readonly entries = new Map<string, Entry<T>>();
  private readonly context: CausalContext;

  private constructor(replica: string, context = new CausalContext()) {
    this.replica = checkReplica(replica);
    this.context = context;
  }

  static empty<T extends Json>(replica: string): ORSet<T> {
    return new ORSet<T>(replica);
  }

  static fromJSON<T extends Json>(json: ORSetJson<T>, replica: string): ORSet<T> {
    const set = new ORSet<T>(replica, CausalContext.fromJSON(json.context));
    for (const { element, dots } of json.entries) {
      if (dots.length === 0) continue;
      set.entries.set(stableStringify(element), { element, dots: new Set(dots.map(([r, c]) => dotKey({ replica: r, counter: c }))) });
    }
    return set;
  }

  /** Adds `element` with a fresh dot (replacing this replica's view of its older dots); returns the delta. */
  add(element: T): ORSet<T> {
    const key = stableStringify(element);
    const dot = this.context.next(this.replica);
    const delta = new ORSet<T>(this.replica);
    for (const old of this.entries.get(key)?.dots ?? []) delta.context.add(parseDotKey(old));
    delta.context.add(dot);
    delta.entries.set(key, { element, dots: new Set([dotKey(dot)]) });
    this.entries.set(key, { element, dots: new Set([dotKey(dot)]) });
    return delta;
  }

  /** Removes `element` as observed here (a concurrent add elsewhere survives); returns the delta. */
  remove(element: T): ORSet<T> {
    const key = stableStringify(element);
    const delta = new ORSet<T>(this.replica);
    for (const old of this.entries.get(key)?.dots ?? []) delta.context.add(parseDotKey(old));
    this.entries.delete(key);
    return delta;
  }

  /** Removes every element observed here; returns the delta. */
  clear(): ORSet<T> {
    const delta = new ORSet<T>(this.replica);
    for (const entry of this.entries.values()) for (const old of entry.dots) delta.context.add(parseDotKey(old));
    this.entries.clear();
    return delta;
  }

  has(element: T): boolean {
    return this.entries.has(stableStringify(element));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The elements, in canonical-JSON order. */
  value(): T[] {
    return [...this.entries.keys()].sort(compareStrings).map((key) => (this.entries.get(key) as Entry<T>).element);
  }

  merge(other: ORSet<T>): ORSet<T> {
    const keys = new Set([...this.entries.keys(), ...other.entries.keys()]);
    for (const key of keys) {
      const ours = this.entries.get(key);
      const theirs = other.entries.get(key);
      const dots = joinDots(ours?.dots ?? new Set(), this.context, theirs?.dots ?? new Set(), other.context);
      if (dots.size === 0) this.entries.delete(key);
      else this.entries.set(key, { element: (ours ?? theirs)?.element as T, dots });
    }
    this.context.merge(other.context);
    return this;
  }

  clone(replica = this.replica): ORSet<T> {
    return new ORSet<T>(replica).merge(this);
  }

  toJSON(): ORSetJson<T> {
    return {
      entries: [...this.entries.keys()].sort(compareStrings).map((key) => {
        const entry = this.entries.get(key) as Entry<T>;
        return { element: entry.element, dots: [...entry.dots].map(parseDotKey).sort((a, b) => compareStrings(a.replica, b.replica) || a.counter - b.counter).map((dot) => [dot.replica, dot.counter] as const) };
      }),
      context: this.context.toJSON(),
    };
  }
}
