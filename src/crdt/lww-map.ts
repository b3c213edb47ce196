import type { LwwStamp } from '../clocks/lww.js';
import { checkOptionsObject, runtimeOption } from '../options.js';
import { invalidOption } from '../errors.js';
import { type Runtime, type RuntimeOptions } from '../runtime/index.js';
import type { Crdt } from './crdt.js';
import { type Json, compareStrings } from './json.js';
import { compareWrites } from './lww-register.js';
import { checkReplica } from './replica.js';

/**
 * JSON form of an {@link LWWMap}: each key's last write (`value: null` and `deleted: true` for a removal).
 *
 * @example
 * ```ts
 * LWWMap.fromJSON(JSON.parse(JSON.stringify(map)), 'b');
 * ```
 */
export type LWWMapJson<T extends Json> = Record<string, { readonly value: T | null; readonly deleted: boolean; readonly stamp: LwwStamp }>;

interface Write<T> {
  readonly value: T | null;
  readonly deleted: boolean;
  readonly stamp: LwwStamp;
}

/**
 * A map whose every key is a last-writer-wins register; a delete is a write of a tombstone, so a
 * delete and a concurrent set are decided by their stamps like two sets. Tombstones stay until
 * {@link LWWMap.purgeTombstones} drops those older than a horizon every replica is known to have
 * passed (as Cassandra's `gc_grace_seconds`): purging earlier lets a stale write resurrect the key.
 * Same clock caveat as {@link LWWRegister}.
 *
 * @example
 * ```ts
 * import { LWWMap } from 'pacelc/crdt';
 * const profile = LWWMap.empty<string>('eu');
 * profile.set('name', 'Ada');
 * profile.delete('nickname');
 * profile.value(); // Map { 'name' => 'Ada' }
 * ```
 */
export class LWWMap<T extends Json> implements Crdt<LWWMap<T>, Map<string, T>, LWWMapJson<T>> {
  readonly replica: string;
  private readonly runtime: Runtime;
  private readonly writes = new Map<string, Write<T>>();
  private latestMs = -Infinity;

  private constructor(replica: string, runtime: Runtime) {
    this.replica = checkReplica(replica);
    this.runtime = runtime;
  }

  static empty<T extends Json>(replica: string, options: RuntimeOptions = {}): LWWMap<T> {
    checkOptionsObject('LWWMap', options);
    return new LWWMap<T>(replica, runtimeOption(options.runtime));
  }

  static fromJSON<T extends Json>(json: LWWMapJson<T>, replica: string, options: RuntimeOptions = {}): LWWMap<T> {
    const map = LWWMap.empty<T>(replica, options);
    for (const [key, write] of Object.entries(json)) map.put(key, write);
    return map;
  }

  /** Sets `key` to `value`; returns the delta. */
  set(key: string, value: T, stamp: LwwStamp = this.nextStamp()): LWWMap<T> {
    return this.write(key, { value, deleted: false, stamp });
  }

  /** Deletes `key` (writes a tombstone); returns the delta. */
  delete(key: string, stamp: LwwStamp = this.nextStamp()): LWWMap<T> {
    return this.write(key, { value: null, deleted: true, stamp });
  }

  get(key: string): T | undefined {
    const write = this.writes.get(key);
    return write === undefined || write.deleted ? undefined : (write.value as T);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The live entries, keys sorted. */
  value(): Map<string, T> {
    const result = new Map<string, T>();
    for (const key of [...this.writes.keys()].sort(compareStrings)) {
      const write = this.writes.get(key) as Write<T>;
      if (!write.deleted) result.set(key, write.value as T);
    }
    return result;
  }

  /** Drops tombstones stamped before `horizonMs`; returns how many. Only safe once every replica has seen them. */
  purgeTombstones(horizonMs: number): number {
    let purged = 0;
    for (const [key, write] of this.writes) {
      if (write.deleted && write.stamp.timestampMs < horizonMs) {
        this.writes.delete(key);
        purged++;
      }
    }
    return purged;
  }

  merge(other: LWWMap<T>): LWWMap<T> {
    for (const [key, write] of other.writes) this.put(key, write);
    return this;
  }

  clone(replica = this.replica): LWWMap<T> {
    return new LWWMap<T>(replica, this.runtime).merge(this);
  }

  toJSON(): LWWMapJson<T> {
    const json: Record<string, Write<T>> = {};
    for (const key of [...this.writes.keys()].sort(compareStrings)) json[key] = this.writes.get(key) as Write<T>;
    return json;
  }

  private write(key: string, write: Write<T>): LWWMap<T> {
    if (typeof key !== 'string') throw invalidOption('key', key, 'a string');
    if (!Number.isFinite(write.stamp.timestampMs)) throw invalidOption('stamp.timestampMs', write.stamp.timestampMs, 'a finite number');
    const delta = new LWWMap<T>(this.replica, this.runtime);
    delta.put(key, write);
    this.put(key, write);
    return delta;
  }

  private put(key: string, write: Write<T>): void {
    const current = this.writes.get(key);
    if (write.stamp.timestampMs > this.latestMs) this.latestMs = write.stamp.timestampMs;
    if (current === undefined || compareWrites({ value: write.deleted ? null : write.value, stamp: write.stamp }, { value: current.deleted ? null : current.value, stamp: current.stamp }) > 0) this.writes.set(key, write);
  }

  private nextStamp(): LwwStamp {
    const now = this.runtime.clock.nowMs();
    return { timestampMs: now > this.latestMs ? now : this.latestMs + 1, node: this.replica };
  }
}
