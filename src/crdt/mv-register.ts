import { CausalContext, type CausalContextJson, dotKey, joinDots, parseDotKey } from './causal-context.js';
import type { Crdt } from './crdt.js';
import { type Json, compareStrings } from './json.js';
import { checkReplica } from './replica.js';

/**
 * JSON form of an {@link MVRegister}.
 *
 * @example
 * ```ts
 * MVRegister.fromJSON(JSON.parse(JSON.stringify(register)), 'b');
 * ```
 */
export interface MVRegisterJson<T extends Json> {
  readonly values: ReadonlyArray<{ readonly replica: string; readonly counter: number; readonly value: T }>;
  readonly context: CausalContextJson;
}

/**
 * A multi-value register: a write replaces every value it has seen; concurrent writes are all kept,
 * as Dynamo's shopping cart and Riak's siblings do, and the application resolves them by writing
 * a merged value. Nothing is lost to clock skew (compare {@link LWWRegister}).
 *
 * @example
 * ```ts
 * import { MVRegister } from 'pacelc/crdt';
 * const a = MVRegister.empty<string>('a');
 * const b = MVRegister.empty<string>('b');
 * const fromA = a.set('blue');
 * b.set('green');
 * b.merge(fromA).value(); // ['blue', 'green']: concurrent
 * b.set('teal'); // resolves: b has seen both
 * b.value(); // ['teal']
 * ```
 */
export class MVRegister<T extends Json> implements Crdt<MVRegister<T>, T[], MVRegisterJson<T>> {
  readonly replica: string;
  private readonly values = new Map<string, T>();
  private readonly context: CausalContext;

  private constructor(replica: string, context = new CausalContext()) {
    this.replica = checkReplica(replica);
    this.context = context;
  }

  static empty<T extends Json>(replica: string): MVRegister<T> {
    return new MVRegister<T>(replica);
  }

  static fromJSON<T extends Json>(json: MVRegisterJson<T>, replica: string): MVRegister<T> {
    const register = new MVRegister<T>(replica, CausalContext.fromJSON(json.context));
    for (const { replica: r, counter, value } of json.values) register.values.set(dotKey({ replica: r, counter }), value);
    return register;
  }

  /** Writes `value`, replacing every value seen here; returns the delta. */
  set(value: T): MVRegister<T> {
    const delta = new MVRegister<T>(this.replica);
    for (const old of this.values.keys()) delta.context.add(parseDotKey(old));
    const dot = this.context.next(this.replica);
    delta.context.add(dot);
    delta.values.set(dotKey(dot), value);
    this.values.clear();
    this.values.set(dotKey(dot), value);
    return delta;
  }

  /** The concurrent values (one when there is no conflict, none before the first write), by dot. */
  value(): T[] {
    return this.sortedDots().map((key) => this.values.get(key) as T);
  }

  /** Whether concurrent writes are waiting to be resolved. */
  get hasConflict(): boolean {
    return this.values.size > 1;
  }

  merge(other: MVRegister<T>): MVRegister<T> {
    const dots = joinDots(new Set(this.values.keys()), this.context, new Set(other.values.keys()), other.context);
    for (const key of [...this.values.keys()]) if (!dots.has(key)) this.values.delete(key);
    for (const key of dots) if (!this.values.has(key)) this.values.set(key, other.values.get(key) as T);
    this.context.merge(other.context);
    return this;
  }

  clone(replica = this.replica): MVRegister<T> {
    return new MVRegister<T>(replica).merge(this);
  }

  toJSON(): MVRegisterJson<T> {
    return {
      values: this.sortedDots().map((key) => ({ ...parseDotKey(key), value: this.values.get(key) as T })),
      context: this.context.toJSON(),
    };
  }

  private sortedDots(): string[] {
    return [...this.values.keys()].sort((a, b) => {
      const x = parseDotKey(a);
      const y = parseDotKey(b);
      return compareStrings(x.replica, y.replica) || x.counter - y.counter;
    });
  }
}
