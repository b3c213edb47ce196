import { CausalContext, type CausalContextJson, dotKey, joinDots, parseDotKey } from './causal-context.js';
import { requiredObjectWith } from '../options.js';
import type { Crdt, CrdtType } from './crdt.js';
import { compareStrings } from './json.js';
import { checkReplica } from './replica.js';

/**
 * JSON form of an {@link ORMap}.
 *
 * @example
 * ```ts
 * ORMap.fromJSON(JSON.parse(JSON.stringify(map)), 'b', PNCounter);
 * ```
 */
export interface ORMapJson<J> {
  readonly keys: Record<string, ReadonlyArray<readonly [string, number]>>;
  readonly values: Record<string, J>;
  readonly context: CausalContextJson;
}

type AnyCrdt<C> = Crdt<C, unknown, unknown>;

/**
 * An observed-remove map of CRDTs (Riak's map): each key holds a CRDT of one type (counters, sets,
 * registers, maps); updating a key applies a delta to its value, and the key's presence is an
 * add-wins OR-set, so an update concurrent with a removal keeps the key. Removing a key hides it
 * but does not reset its value: if the key is updated again its earlier state is still merged in
 * (the price of a merge that stays a lattice join without per-value causal reset). Use a fresh key
 * when a value must start over.
 *
 * @example
 * ```ts
 * import { ORMap, PNCounter } from 'pacelc/crdt';
 * const likes = ORMap.empty('eu', PNCounter);
 * const delta = likes.update('post:1', (counter) => counter.increment());
 * likes.get('post:1')?.value(); // 1
 * ```
 */
export class ORMap<C extends AnyCrdt<C>> implements Crdt<ORMap<C>, Map<string, C>, ORMapJson<unknown>> {
  readonly replica: string;
  readonly type: CrdtType<C>;
  private readonly presence = new Map<string, Set<string>>();
  private readonly values = new Map<string, C>();
  private readonly context: CausalContext;

  private constructor(replica: string, type: CrdtType<C>, context = new CausalContext()) {
    requiredObjectWith('type', type, ['empty', 'fromJSON'], 'a CRDT type (e.g. PNCounter, ORSet)');
    this.replica = checkReplica(replica);
    this.type = type;
    this.context = context;
  }

  static empty<C extends AnyCrdt<C>>(replica: string, type: CrdtType<C>): ORMap<C> {
    return new ORMap<C>(replica, type);
  }

  static fromJSON<C extends AnyCrdt<C>>(json: ORMapJson<unknown>, replica: string, type: CrdtType<C>): ORMap<C> {
    const map = new ORMap<C>(replica, type, CausalContext.fromJSON(json.context));
    for (const [key, dots] of Object.entries(json.keys)) if (dots.length > 0) map.presence.set(key, new Set(dots.map(([r, c]) => dotKey({ replica: r, counter: c }))));
    for (const [key, value] of Object.entries(json.values)) map.values.set(key, type.fromJSON(value as never, replica));
    return map;
  }

  /** Applies `mutate` (which returns the value's delta) to the value at `key`, creating it if absent; returns the map's delta. */
  update(key: string, mutate: (value: C) => C): ORMap<C> {
    const value = this.values.get(key) ?? this.type.empty(this.replica);
    this.values.set(key, value);
    const valueDelta = mutate(value);
    const dot = this.context.next(this.replica);
    const delta = new ORMap<C>(this.replica, this.type);
    for (const old of this.presence.get(key) ?? []) delta.context.add(parseDotKey(old));
    delta.context.add(dot);
    delta.presence.set(key, new Set([dotKey(dot)]));
    delta.values.set(key, valueDelta);
    this.presence.set(key, new Set([dotKey(dot)]));
    return delta;
  }

  /** Removes `key` as observed here (a concurrent update elsewhere keeps it); returns the delta. */
  remove(key: string): ORMap<C> {
    const delta = new ORMap<C>(this.replica, this.type);
    for (const old of this.presence.get(key) ?? []) delta.context.add(parseDotKey(old));
    this.presence.delete(key);
    return delta;
  }

  /** The value at `key` if the key is present. */
  get(key: string): C | undefined {
    return this.presence.has(key) ? this.values.get(key) : undefined;
  }

  has(key: string): boolean {
    return this.presence.has(key);
  }

  /** The present keys and their values, keys sorted. */
  value(): Map<string, C> {
    const result = new Map<string, C>();
    for (const key of [...this.presence.keys()].sort(compareStrings)) result.set(key, this.values.get(key) as C);
    return result;
  }

  merge(other: ORMap<C>): ORMap<C> {
    for (const key of new Set([...this.presence.keys(), ...other.presence.keys()])) {
      const dots = joinDots(this.presence.get(key) ?? new Set(), this.context, other.presence.get(key) ?? new Set(), other.context);
      if (dots.size === 0) this.presence.delete(key);
      else this.presence.set(key, dots);
    }
    for (const [key, value] of other.values) {
      const ours = this.values.get(key);
      if (ours === undefined) this.values.set(key, value.clone(this.replica));
      else ours.merge(value);
    }
    this.context.merge(other.context);
    return this;
  }

  clone(replica = this.replica): ORMap<C> {
    return new ORMap<C>(replica, this.type).merge(this);
  }

  toJSON(): ORMapJson<unknown> {
    const keys: Record<string, Array<readonly [string, number]>> = {};
    for (const key of [...this.presence.keys()].sort(compareStrings)) {
      keys[key] = [...(this.presence.get(key) as Set<string>)].map(parseDotKey).sort((a, b) => compareStrings(a.replica, b.replica) || a.counter - b.counter).map((dot) => [dot.replica, dot.counter] as const);
    }
    const values: Record<string, unknown> = {};
    for (const key of [...this.values.keys()].sort(compareStrings)) values[key] = (this.values.get(key) as C).toJSON();
    return { keys, values, context: this.context.toJSON() };
  }
}
