import { invalidOption } from '../errors.js';
import { checkOptionsObject } from '../options.js';
import { type Member, checkReplicaCount, normalizeNodes, pickReplicas } from './nodes.js';
import type { NodeInput, Partitioner } from './partitioner.js';

/**
 * Keys from `start` (inclusive) to `end` (exclusive; `null` means no upper bound), in code-unit order.
 *
 * @example
 * ```ts
 * ranges.rangeFor('kiwi'); // { start: 'g', end: 'p', node: 'b' }
 * ```
 */
export interface KeyRange {
  readonly start: string;
  readonly end: string | null;
  readonly node: string;
}

/**
 * One sampled key and how much load it carried (requests, bytes...).
 *
 * @example
 * ```ts
 * ranges.hotRanges([{ key: 'user:1', load: 120 }, { key: 'user:2', load: 3 }]);
 * ```
 */
export interface LoadSample {
  readonly key: string;
  readonly load: number;
}

/**
 * A range that carries more than its share of the sampled load.
 *
 * @example
 * ```ts
 * const [hottest] = ranges.hotRanges(sample);
 * if (hottest?.splitKey) ranges = ranges.split(hottest.splitKey, 'spare-node');
 * ```
 */
export interface HotRange {
  readonly range: KeyRange;
  /** Sampled load in the range. */
  readonly load: number;
  /** `load` over the mean load per range. */
  readonly ratioToMean: number;
  /** The sampled key that splits the range's load in half, or undefined when one key dominates. */
  readonly splitKey: string | undefined;
  /** The hottest single key and its share of the range's load: a hot key cannot be fixed by splitting. */
  readonly hottestKey: { readonly key: string; readonly shareOfRange: number };
}

/**
 * Options of {@link RangePartitioner.fromSample}.
 *
 * @example
 * ```ts
 * RangePartitioner.fromSample(nodes, sampleKeys, { rangesPerNode: 16 });
 * ```
 */
export interface RangeFromSampleOptions {
  /** Ranges per node (pre-splitting, as HBase and CockroachDB do), so joins can take whole ranges. Default 8. */
  readonly rangesPerNode?: number;
}

/**
 * Range partitioning (Bigtable, HBase, CockroachDB, MongoDB ranged shards): the key space is cut at
 * sorted boundaries and each range belongs to a node, so range scans touch few nodes — and
 * sequential keys (timestamps, auto-increment ids) all land on the last range, which is the hot spot
 * to watch. Ranges can be split, merged and moved; {@link RangePartitioner.hotRanges} finds the
 * ranges that carry too much of a load sample and where to split them.
 *
 * @example
 * ```ts
 * import { RangePartitioner } from 'pacelc/partitioning';
 * let ranges = RangePartitioner.create([{ start: '', node: 'a' }, { start: 'm', node: 'b' }]);
 * ranges.nodeFor('kiwi'); // 'a'
 * ranges = ranges.split('t', 'c'); // keys from "t" on now go to c
 * ranges.nodeFor('zebra'); // 'c'
 * ```
 */
export class RangePartitioner implements Partitioner {
  readonly kind = 'range';
  readonly nodes: readonly Member[];
  /** The ranges in key order, covering every key. */
  readonly ranges: readonly KeyRange[];
  private readonly starts: readonly string[];
  private readonly owners: Uint32Array;

  private constructor(members: Member[], ranges: KeyRange[]) {
    for (const member of members) if (member.weight !== 1) throw invalidOption(`nodes[${member.id}].weight`, member.weight, 'no weight (ranges are assigned explicitly; give a bigger node more ranges)');
    this.nodes = members;
    this.ranges = ranges;
    this.starts = ranges.map((range) => range.start);
    const index = new Map(members.map((member, i) => [member.id, i]));
    this.owners = Uint32Array.from(ranges, (range) => index.get(range.node) as number);
  }

  /**
   * Ranges from their start keys (the first must be `''`, starts strictly increasing). `nodes` lists
   * the members (default: the owners named in `ranges`), so a member may own no range yet.
   */
  static create(ranges: ReadonlyArray<{ readonly start: string; readonly node: string }>, nodes?: readonly NodeInput[]): RangePartitioner {
    if (!Array.isArray(ranges) || ranges.length === 0) throw invalidOption('ranges', ranges, 'a non-empty list of { start, node }');
    if (ranges[0]?.start !== '') throw invalidOption('ranges[0].start', ranges[0]?.start, '"" (the first range must start at the lowest key)');
    const members = normalizeNodes(nodes ?? [...new Set(ranges.map((range) => range.node))]);
    const ids = new Set(members.map((member) => member.id));
    const full: KeyRange[] = ranges.map((range, i) => {
      if (i > 0 && !((ranges[i - 1] as { start: string }).start < range.start)) throw invalidOption(`ranges[${i}].start`, range.start, `a key after ${JSON.stringify(ranges[i - 1]?.start)}`);
      if (!ids.has(range.node)) throw invalidOption(`ranges[${i}].node`, range.node, 'one of the nodes');
      return { start: range.start, end: ranges[i + 1]?.start ?? null, node: range.node };
    });
    return new RangePartitioner(members, full);
  }

  /**
   * Cuts the key space at quantiles of `sampleKeys` into `rangesPerNode × nodes` ranges of equal
   * sampled load and deals them to the nodes in turn.
   */
  static fromSample(nodes: readonly NodeInput[], sampleKeys: Iterable<string>, options: RangeFromSampleOptions = {}): RangePartitioner {
    const members = normalizeNodes(nodes);
    checkOptionsObject('RangePartitioner.fromSample', options);
    const rangesPerNode = options.rangesPerNode ?? 8;
    if (!Number.isInteger(rangesPerNode) || rangesPerNode < 1) throw invalidOption('rangesPerNode', options.rangesPerNode, 'an integer >= 1');
    const sorted = [...new Set(sampleKeys)].sort(compareKeys);
    const count = Math.min(members.length * rangesPerNode, sorted.length + 1);
    const starts = [''];
    for (let i = 1; i < count; i++) {
      const boundary = sorted[Math.floor((i * sorted.length) / count)] as string;
      if (boundary > (starts[starts.length - 1] as string)) starts.push(boundary);
    }
    return RangePartitioner.create(starts.map((start, i) => ({ start, node: (members[i % members.length] as Member).id })), members);
  }

  nodeFor(key: string): string {
    return this.ranges[this.rangeIndex(key)]?.node as string;
  }

  /** The range that holds `key`. */
  rangeFor(key: string): KeyRange {
    return this.ranges[this.rangeIndex(key)] as KeyRange;
  }

  /** The owner first, then the owners of the following ranges (wrapping), distinct. */
  replicasFor(key: string, count: number): string[] {
    checkReplicaCount(count, this.nodes.length);
    const start = this.rangeIndex(key);
    return pickReplicas(this.nodes, this.candidates(start), count);
  }

  private *candidates(start: number): Generator<number> {
    for (let i = 0; i < this.ranges.length; i++) yield this.owners[(start + i) % this.ranges.length] as number;
    for (let i = 0; i < this.nodes.length; i++) yield i; // members that own no range yet
  }

  /** Splits the range holding `at` so that keys from `at` on form a new range, owned by `node` (default: the same owner). */
  split(at: string, node?: string): RangePartitioner {
    const index = this.rangeIndex(at);
    const range = this.ranges[index] as KeyRange;
    if (range.start === at) throw invalidOption('at', at, 'a key inside a range, not an existing boundary');
    const owner = node ?? range.node;
    this.checkMember(owner, 'node');
    const ranges = [...this.ranges];
    ranges.splice(index, 1, { start: range.start, end: at, node: range.node }, { start: at, end: range.end, node: owner });
    return new RangePartitioner([...this.nodes], ranges);
  }

  /** Merges the range starting at `start` with the next one; the merged range keeps the first owner. */
  merge(start: string): RangePartitioner {
    const index = this.starts.indexOf(start);
    if (index < 0 || index === this.ranges.length - 1) throw invalidOption('start', start, 'the start of a range that has a next range');
    const first = this.ranges[index] as KeyRange;
    const second = this.ranges[index + 1] as KeyRange;
    const ranges = [...this.ranges];
    ranges.splice(index, 2, { start: first.start, end: second.end, node: first.node });
    return new RangePartitioner([...this.nodes], ranges);
  }

  /** Moves the range starting at `start` to `node`. */
  assign(start: string, node: string): RangePartitioner {
    const index = this.starts.indexOf(start);
    if (index < 0) throw invalidOption('start', start, 'the start of a range');
    this.checkMember(node, 'node');
    const ranges = [...this.ranges];
    ranges[index] = { ...(ranges[index] as KeyRange), node };
    return new RangePartitioner([...this.nodes], ranges);
  }

  /**
   * Ranges whose sampled load exceeds `threshold` × the mean load per range, hottest first, each with
   * the key that splits its load in half and its hottest single key.
   */
  hotRanges(sample: Iterable<string | LoadSample>, options: { readonly threshold?: number } = {}): HotRange[] {
    const threshold = options.threshold ?? 2;
    if (!(Number.isFinite(threshold) && threshold > 0)) throw invalidOption('threshold', options.threshold, 'a number > 0');
    const perRange = this.ranges.map(() => new Map<string, number>());
    let total = 0;
    for (const item of sample) {
      const { key, load } = typeof item === 'string' ? { key: item, load: 1 } : item;
      if (!(Number.isFinite(load) && load >= 0)) throw invalidOption('sample[].load', load, 'a finite number >= 0');
      const keys = perRange[this.rangeIndex(key)] as Map<string, number>;
      keys.set(key, (keys.get(key) ?? 0) + load);
      total += load;
    }
    const mean = total / this.ranges.length;
    const hot: HotRange[] = [];
    perRange.forEach((keys, index) => {
      let load = 0;
      for (const value of keys.values()) load += value;
      if (mean === 0 || load <= threshold * mean) return;
      const sorted = [...keys].sort((a, b) => compareKeys(a[0], b[0]));
      let hottest = sorted[0] as [string, number];
      for (const entry of sorted) if (entry[1] > hottest[1]) hottest = entry;
      let running = 0;
      let splitKey: string | undefined;
      for (const [key, value] of sorted) {
        if (running >= load / 2) {
          splitKey = key;
          break;
        }
        running += value;
      }
      const range = this.ranges[index] as KeyRange;
      if (splitKey === range.start) splitKey = undefined;
      hot.push({ range, load, ratioToMean: load / mean, splitKey, hottestKey: { key: hottest[0], shareOfRange: hottest[1] / load } });
    });
    return hot.sort((a, b) => b.load - a.load);
  }

  /**
   * New membership: ranges of departed nodes go to the remaining node with the fewest ranges; each
   * new node takes whole ranges from the nodes with the most until counts differ by at most one.
   */
  withNodes(nodes: readonly NodeInput[]): RangePartitioner {
    const members = normalizeNodes(nodes);
    const ids = new Set(members.map((member) => member.id));
    const counts = new Map(members.map((member) => [member.id, 0]));
    for (const range of this.ranges) if (ids.has(range.node)) counts.set(range.node, (counts.get(range.node) as number) + 1);
    const fewest = (): string => [...counts].sort((a, b) => a[1] - b[1] || compareKeys(a[0], b[0]))[0]?.[0] as string;
    const ranges = this.ranges.map((range) => {
      if (ids.has(range.node)) return range;
      const node = fewest();
      counts.set(node, (counts.get(node) as number) + 1);
      return { ...range, node };
    });
    for (;;) {
      const sorted = [...counts].sort((a, b) => a[1] - b[1] || compareKeys(a[0], b[0]));
      const [poorest, poorCount] = sorted[0] as [string, number];
      const [richest, richCount] = sorted[sorted.length - 1] as [string, number];
      if (richCount - poorCount <= 1) break;
      let index = -1;
      for (let i = ranges.length - 1; i >= 0; i--) if (ranges[i]?.node === richest) { index = i; break; }
      ranges[index] = { ...(ranges[index] as KeyRange), node: poorest };
      counts.set(richest, richCount - 1);
      counts.set(poorest, poorCount + 1);
    }
    return new RangePartitioner(members, ranges);
  }

  private rangeIndex(key: string): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((starts[middle] as string) <= key) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private checkMember(node: string, option: string): void {
    if (!this.nodes.some((member) => member.id === node)) throw invalidOption(option, node, `one of the nodes (${this.nodes.map((member) => member.id).join(', ')})`);
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
