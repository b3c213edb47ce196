import type { Crdt } from './crdt.js';
import { type Json, compareStrings, stableStringify } from './json.js';
import { checkReplica } from './replica.js';

/**
 * A grow-only set: add, never remove; merge is union. Elements are JSON values, compared by their
 * canonical JSON (so `{a:1,b:2}` and `{b:2,a:1}` are one element).
 *
 * @example
 * ```ts
 * import { GSet } from 'pacelc/crdt';
 * const seen = GSet.empty<string>('a');
 * seen.add('msg-1');
 * seen.has('msg-1'); // true
 * ```
 */
export class GSet<T extends Json> implements Crdt<GSet<T>, T[], T[]> {
  readonly replica: string;
  private readonly elements = new Map<string, T>();

  private constructor(replica: string) {
    this.replica = checkReplica(replica);
  }

  static empty<T extends Json>(replica: string): GSet<T> {
    return new GSet<T>(replica);
  }

  static fromJSON<T extends Json>(json: readonly T[], replica: string): GSet<T> {
    const set = new GSet<T>(replica);
    for (const element of json) set.elements.set(stableStringify(element), element);
    return set;
  }

  /** Adds `element`; returns the delta. */
  add(element: T): GSet<T> {
    const key = stableStringify(element);
    this.elements.set(key, element);
    const delta = new GSet<T>(this.replica);
    delta.elements.set(key, element);
    return delta;
  }

  has(element: T): boolean {
    return this.elements.has(stableStringify(element));
  }

  get size(): number {
    return this.elements.size;
  }

  /** The elements, in canonical-JSON order. */
  value(): T[] {
    return [...this.elements.keys()].sort(compareStrings).map((key) => this.elements.get(key) as T);
  }

  merge(other: GSet<T>): GSet<T> {
    for (const [key, element] of other.elements) this.elements.set(key, element);
    return this;
  }

  clone(replica = this.replica): GSet<T> {
    return new GSet<T>(replica).merge(this);
  }

  toJSON(): T[] {
    return this.value();
  }
}
