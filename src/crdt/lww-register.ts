import { type LwwStamp, compareStamps } from '../clocks/lww.js';
import { checkOptionsObject, runtimeOption } from '../options.js';
import { invalidOption } from '../errors.js';
import { type Runtime, type RuntimeOptions } from '../runtime/index.js';
import type { Crdt } from './crdt.js';
import { type Json, compareStrings, stableStringify } from './json.js';
import { checkReplica } from './replica.js';

/**
 * JSON form of an {@link LWWRegister}: the value and its stamp, or null before the first write.
 *
 * @example
 * ```ts
 * LWWRegister.fromJSON({ value: 'x', stamp: { timestampMs: 10, node: 'a' } }, 'b').value(); // 'x'
 * ```
 */
export type LWWRegisterJson<T extends Json> = { readonly value: T; readonly stamp: LwwStamp } | null;

/**
 * Options of {@link LWWRegister.empty}.
 *
 * @example
 * ```ts
 * LWWRegister.empty<string>('a', { runtime: new ManualRuntime() });
 * ```
 */
export type LWWRegisterOptions = RuntimeOptions;

/**
 * A last-writer-wins register: the write with the greatest stamp (timestamp, then replica id) wins.
 * A replica stamps with `max(wall clock, last stamp seen + 1)`, so a write made after seeing another
 * always wins over it. **Caveat:** concurrent writes are decided by wall clocks, so a replica whose
 * clock is behind loses writes made later in real time, silently (see `docs/clocks.md`). Use an
 * {@link MVRegister} to keep concurrent writes instead.
 *
 * @example
 * ```ts
 * import { LWWRegister } from 'pacelc/crdt';
 * const a = LWWRegister.empty<string>('a');
 * const b = LWWRegister.empty<string>('b');
 * a.set('draft', { timestampMs: 100, node: 'a' });
 * b.set('final', { timestampMs: 200, node: 'b' });
 * a.merge(b).value(); // 'final'
 * ```
 */
export class LWWRegister<T extends Json> implements Crdt<LWWRegister<T>, T | undefined, LWWRegisterJson<T>> {
  readonly replica: string;
  private readonly runtime: Runtime;
  private current: { value: T; stamp: LwwStamp } | undefined;

  private constructor(replica: string, runtime: Runtime) {
    this.replica = checkReplica(replica);
    this.runtime = runtime;
  }

  static empty<T extends Json>(replica: string, options: LWWRegisterOptions = {}): LWWRegister<T> {
    checkOptionsObject('LWWRegister', options);
    return new LWWRegister<T>(replica, runtimeOption(options.runtime));
  }

  static fromJSON<T extends Json>(json: LWWRegisterJson<T>, replica: string, options: LWWRegisterOptions = {}): LWWRegister<T> {
    const register = LWWRegister.empty<T>(replica, options);
    if (json !== null) register.current = { value: json.value, stamp: json.stamp };
    return register;
  }

  /** Writes `value` stamped now (or with `stamp`); returns the delta. */
  set(value: T, stamp: LwwStamp = this.nextStamp()): LWWRegister<T> {
    if (!Number.isFinite(stamp.timestampMs)) throw invalidOption('stamp.timestampMs', stamp.timestampMs, 'a finite number');
    const delta = new LWWRegister<T>(this.replica, this.runtime);
    delta.current = { value, stamp };
    this.merge(delta);
    return delta;
  }

  value(): T | undefined {
    return this.current?.value;
  }

  /** The winning write's stamp. */
  get stamp(): LwwStamp | undefined {
    return this.current?.stamp;
  }

  merge(other: LWWRegister<T>): LWWRegister<T> {
    if (other.current !== undefined && (this.current === undefined || compareWrites(other.current, this.current) > 0)) this.current = other.current;
    return this;
  }

  clone(replica = this.replica): LWWRegister<T> {
    return new LWWRegister<T>(replica, this.runtime).merge(this);
  }

  toJSON(): LWWRegisterJson<T> {
    return this.current === undefined ? null : { value: this.current.value, stamp: this.current.stamp };
  }

  private nextStamp(): LwwStamp {
    const now = this.runtime.clock.nowMs();
    const seen = this.current?.stamp.timestampMs;
    return { timestampMs: seen === undefined || now > seen ? now : seen + 1, node: this.replica };
  }
}

/** Orders two writes: by stamp, and equal stamps by canonical value (only arises from misuse, but keeps merge a join). */
export function compareWrites(a: { value: Json; stamp: LwwStamp }, b: { value: Json; stamp: LwwStamp }): number {
  return compareStamps(a.stamp, b.stamp) || compareStrings(stableStringify(a.value), stableStringify(b.value));
}
