import { invalidOption } from '../errors.js';
import { compareStrings } from './json.js';

/**
 * A unique event: the `counter`-th event of `replica`.
 *
 * @example
 * ```ts
 * const dot: Dot = { replica: 'eu-1', counter: 7 };
 * ```
 */
export interface Dot {
  readonly replica: string;
  readonly counter: number;
}

/**
 * JSON form of a {@link CausalContext}: a compact version vector plus the dots beyond it.
 *
 * @example
 * ```ts
 * new CausalContext().toJSON(); // { vv: {}, cloud: [] }
 * ```
 */
export interface CausalContextJson {
  readonly vv: Record<string, number>;
  readonly cloud: ReadonlyArray<readonly [string, number]>;
}

/** The key of a dot, for sets and maps. */
export function dotKey(dot: Dot): string {
  return `${dot.replica}\u0000${dot.counter}`;
}

/** The dot of a {@link dotKey}. */
export function parseDotKey(key: string): Dot {
  const at = key.lastIndexOf('\u0000');
  return { replica: key.slice(0, at), counter: Number(key.slice(at + 1)) };
}

/**
 * The set of events a replica has seen (a "causal context"), kept as a version vector plus a "dot
 * cloud" of events seen out of order, which deltas produce. The causal CRDTs (OR-set, MV-register,
 * OR-map) use it to tell "removed" from "not yet seen" without tombstones. Always compact, so that
 * equal sets have one representation.
 *
 * @example
 * ```ts
 * import { CausalContext } from 'pacelc/crdt';
 * const context = new CausalContext();
 * context.next('a'); // { replica: 'a', counter: 1 }
 * context.add({ replica: 'b', counter: 2 }); // out of order: kept in the cloud
 * context.toJSON(); // { vv: { a: 1 }, cloud: [['b', 2]] }
 * ```
 */
export class CausalContext {
  private readonly vv = new Map<string, number>();
  private readonly cloud = new Set<string>();

  /** Whether `dot` has been seen. */
  has(dot: Dot): boolean {
    return (this.vv.get(dot.replica) ?? 0) >= dot.counter || this.cloud.has(dotKey(dot));
  }

  /** Whether the dot with key `key` has been seen. */
  hasKey(key: string): boolean {
    return this.has(parseDotKey(key));
  }

  /** The next dot of `replica` (one past the contiguous ones it has seen), recorded as seen. */
  next(replica: string): Dot {
    const dot = { replica, counter: (this.vv.get(replica) ?? 0) + 1 };
    this.add(dot);
    return dot;
  }

  /** Records `dot` as seen. */
  add(dot: Dot): this {
    if (!(Number.isSafeInteger(dot.counter) && dot.counter > 0)) throw invalidOption('dot.counter', dot.counter, 'a safe integer > 0');
    if (!this.has(dot)) {
      this.cloud.add(dotKey(dot));
      this.compact();
    }
    return this;
  }

  /** Adds every event of `other`. */
  merge(other: CausalContext): this {
    for (const [replica, counter] of other.vv) if (counter > (this.vv.get(replica) ?? 0)) this.vv.set(replica, counter);
    for (const key of other.cloud) this.cloud.add(key);
    this.compact();
    return this;
  }

  clone(): CausalContext {
    return new CausalContext().merge(this);
  }

  toJSON(): CausalContextJson {
    const vv: Record<string, number> = {};
    for (const replica of [...this.vv.keys()].sort(compareStrings)) vv[replica] = this.vv.get(replica) as number;
    const cloud = [...this.cloud].map(parseDotKey).sort((a, b) => compareStrings(a.replica, b.replica) || a.counter - b.counter).map((dot) => [dot.replica, dot.counter] as const);
    return { vv, cloud };
  }

  static fromJSON(json: CausalContextJson): CausalContext {
    const context = new CausalContext();
    for (const [replica, counter] of Object.entries(json.vv)) {
      if (!(Number.isSafeInteger(counter) && counter >= 0)) throw invalidOption(`vv.${replica}`, counter, 'a safe integer >= 0');
      if (counter > 0) context.vv.set(replica, counter);
    }
    for (const [replica, counter] of json.cloud) context.add({ replica, counter });
    context.compact();
    return context;
  }

  /** Folds cloud dots that extend the version vector into it and drops those it already covers. */
  private compact(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const key of this.cloud) {
        const dot = parseDotKey(key);
        const seen = this.vv.get(dot.replica) ?? 0;
        if (dot.counter <= seen) this.cloud.delete(key);
        else if (dot.counter === seen + 1) {
          this.vv.set(dot.replica, dot.counter);
          this.cloud.delete(key);
          changed = true;
        }
      }
    }
  }
}

/**
 * The join of two dot sets under their contexts: a dot survives if both sides have it, or one side
 * has it and the other has never seen it (if the other saw it and dropped it, it was removed).
 */
export function joinDots(ours: ReadonlySet<string>, ourContext: CausalContext, theirs: ReadonlySet<string>, theirContext: CausalContext): Set<string> {
  const result = new Set<string>();
  for (const key of ours) if (theirs.has(key) || !theirContext.hasKey(key)) result.add(key);
  for (const key of theirs) if (!ours.has(key) && !ourContext.hasKey(key)) result.add(key);
  return result;
}
