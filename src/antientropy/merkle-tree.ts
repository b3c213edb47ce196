import { createHash } from 'node:crypto';
import { invalidOption } from '../errors.js';
import { murmur3 } from '../partitioning/hash.js';

const DIGEST_BYTES = 16;
const ZERO = new Uint8Array(DIGEST_BYTES);

/**
 * Options of {@link MerkleTree}.
 *
 * @example
 * ```ts
 * new MerkleTree({ depth: 15, start: arc.start, end: arc.end }); // one ring partition
 * ```
 */
export interface MerkleTreeOptions {
  /** Levels below the root: the tree has 2^depth leaves, each a slice of the hash range. Default 12 (4096 leaves). */
  readonly depth?: number;
  /** The 32-bit key-hash range `[start, end)` the tree covers — a partition's range. Default the whole space. */
  readonly start?: number;
  readonly end?: number;
  /** Seed of the MurmurHash3 that places keys (use the partitioner's, so leaves align with its ranges). Default 0. */
  readonly seed?: number;
}

/**
 * A range of key hashes `[start, end)` where two trees differ.
 *
 * @example
 * ```ts
 * for (const { start, end } of diffTrees(a, b).ranges) streamKeysInHashRange(start, end);
 * ```
 */
export interface DivergentRange {
  readonly start: number;
  readonly end: number;
}

/**
 * What {@link diffTrees} found, and what it cost.
 *
 * @example
 * ```ts
 * const diff = diffTrees(a, b);
 * const keys = localKeys.filter((key) => diff.contains(key));
 * ```
 */
export interface TreeDiff {
  /** Divergent hash ranges, adjacent leaves coalesced, ascending. */
  readonly ranges: readonly DivergentRange[];
  /** Number of divergent leaves. */
  readonly leaves: number;
  /** Node hashes compared to find them (one per node visited): what a replica exchange would send. */
  readonly comparisons: number;
  /** Whether `key` falls in a divergent range: the keys to exchange and repair. */
  contains(key: string): boolean;
}

/**
 * A Merkle tree over a range of key hashes, as Dynamo, Cassandra (`nodetool repair`) and Riak's
 * active anti-entropy keep: each leaf covers a slice of the range and holds the XOR of SHA-256
 * digests of its `(key, value)` pairs (so updates are incremental and order does not matter);
 * each inner node hashes its two children. Two replicas compare roots, then descend only into
 * subtrees that differ, so a few divergent keys among millions cost about `2 × depth` hash
 * comparisons per divergent leaf instead of a full scan.
 *
 * @example
 * ```ts
 * import { MerkleTree, diffTrees } from 'pacelc/antientropy';
 * const a = new MerkleTree({ depth: 10 });
 * const b = new MerkleTree({ depth: 10 });
 * for (const [key, version] of replicaA) a.set(key, version);
 * for (const [key, version] of replicaB) b.set(key, version);
 * const diff = diffTrees(a, b); // { ranges, leaves, comparisons }
 * const toRepair = [...replicaA.keys(), ...replicaB.keys()].filter((key) => diff.contains(key));
 * ```
 */
export class MerkleTree {
  readonly depth: number;
  readonly start: number;
  readonly end: number;
  readonly seed: number;
  readonly leafCount: number;
  /** Heap-ordered node digests (node 1 is the root, node i has children 2i and 2i + 1), 16 bytes each. */
  private readonly nodes: Uint8Array;
  private readonly digests = new Map<string, Uint8Array>();
  private readonly dirty = new Set<number>();

  constructor(options: MerkleTreeOptions = {}) {
    const depth = options.depth ?? 12;
    if (!Number.isInteger(depth) || depth < 0 || depth > 20) throw invalidOption('depth', options.depth, 'an integer from 0 to 20');
    const start = options.start ?? 0;
    const end = options.end ?? 4294967296;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > 4294967296 || end <= start) throw invalidOption('start/end', [options.start, options.end], 'integers with 0 <= start < end <= 2^32');
    this.depth = depth;
    this.start = start;
    this.end = end;
    this.seed = options.seed ?? 0;
    this.leafCount = 2 ** depth;
    this.nodes = new Uint8Array(2 * this.leafCount * DIGEST_BYTES);
  }

  /** Builds a tree from `[key, value]` pairs. */
  static from(entries: Iterable<readonly [string, string | Uint8Array]>, options: MerkleTreeOptions = {}): MerkleTree {
    const tree = new MerkleTree(options);
    for (const [key, value] of entries) tree.set(key, value);
    return tree;
  }

  /** Number of keys in the tree. */
  get size(): number {
    return this.digests.size;
  }

  /** Whether the tree's range holds `key`'s hash. */
  covers(key: string): boolean {
    const hash = murmur3(key, this.seed);
    return hash >= this.start && hash < this.end;
  }

  /** The leaf that holds `key`. */
  leafFor(key: string): number {
    const hash = murmur3(key, this.seed);
    if (hash < this.start || hash >= this.end) throw invalidOption('key', key, `a key whose hash is in [${this.start}, ${this.end}) (its hash is ${hash})`);
    return Math.floor(((hash - this.start) * this.leafCount) / (this.end - this.start));
  }

  /** The hash range `[start, end)` of leaf `leaf`. */
  leafRange(leaf: number): DivergentRange {
    const width = this.end - this.start;
    return { start: this.start + Math.ceil((leaf * width) / this.leafCount), end: this.start + Math.ceil(((leaf + 1) * width) / this.leafCount) };
  }

  /** Records `key` with `value` (its content, or a version or content hash), replacing an earlier value. */
  set(key: string, value: string | Uint8Array): this {
    const leaf = this.leafFor(key);
    const digest = createHash('sha256').update(key).update('\u0000').update(value).digest().subarray(0, DIGEST_BYTES);
    const previous = this.digests.get(key);
    if (previous !== undefined) this.xorLeaf(leaf, previous);
    this.xorLeaf(leaf, digest);
    this.digests.set(key, digest);
    return this;
  }

  /** Forgets `key`. */
  delete(key: string): boolean {
    const previous = this.digests.get(key);
    if (previous === undefined) return false;
    this.xorLeaf(this.leafFor(key), previous);
    this.digests.delete(key);
    return true;
  }

  /** The root digest, hex. Equal roots mean (with overwhelming probability) equal contents. */
  get root(): string {
    return Buffer.from(this.node(1)).toString('hex');
  }

  /** The digest of heap node `index` (1 = root), after bringing inner nodes up to date. */
  node(index: number): Uint8Array {
    this.refresh();
    return this.nodes.subarray(index * DIGEST_BYTES, (index + 1) * DIGEST_BYTES);
  }

  private xorLeaf(leaf: number, digest: Uint8Array): void {
    const offset = (this.leafCount + leaf) * DIGEST_BYTES;
    for (let i = 0; i < DIGEST_BYTES; i++) this.nodes[offset + i] = (this.nodes[offset + i] as number) ^ (digest[i] as number);
    this.dirty.add((this.leafCount + leaf) >>> 1);
  }

  /** Recomputes the inner nodes above changed leaves, level by level. */
  private refresh(): void {
    let level = this.dirty;
    while (level.size > 0) {
      const parents = new Set<number>();
      for (const index of level) {
        if (index < 1) continue;
        const left = this.nodes.subarray(2 * index * DIGEST_BYTES, (2 * index + 1) * DIGEST_BYTES);
        const right = this.nodes.subarray((2 * index + 1) * DIGEST_BYTES, (2 * index + 2) * DIGEST_BYTES);
        const digest = isZero(left) && isZero(right) ? ZERO : createHash('sha256').update(left).update(right).digest().subarray(0, DIGEST_BYTES);
        this.nodes.set(digest, index * DIGEST_BYTES);
        if (index > 1) parents.add(index >>> 1);
      }
      level.clear();
      level = parents;
    }
    this.dirty.clear();
  }
}

/**
 * Compares two trees over the same range and depth top-down, descending only where digests
 * differ, and returns the divergent hash ranges with the number of comparisons made.
 *
 * @example
 * ```ts
 * import { diffTrees } from 'pacelc/antientropy';
 * const { ranges, comparisons } = diffTrees(replicaA, replicaB);
 * ```
 */
export function diffTrees(a: MerkleTree, b: MerkleTree): TreeDiff {
  if (a.depth !== b.depth || a.start !== b.start || a.end !== b.end || a.seed !== b.seed) {
    throw invalidOption('trees', [a.depth, a.start, a.end, b.depth, b.start, b.end], 'two trees with the same depth, range and seed');
  }
  let comparisons = 0;
  const leaves: number[] = [];
  const stack = [1];
  while (stack.length > 0) {
    const index = stack.pop() as number;
    comparisons++;
    if (equalBytes(a.node(index), b.node(index))) continue;
    if (index >= a.leafCount) leaves.push(index - a.leafCount);
    else stack.push(2 * index + 1, 2 * index);
  }
  leaves.sort((x, y) => x - y);
  const ranges: DivergentRange[] = [];
  for (const leaf of leaves) {
    const range = a.leafRange(leaf);
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.end === range.start) ranges[ranges.length - 1] = { start: last.start, end: range.end };
    else ranges.push(range);
  }
  const divergent = new Set(leaves);
  return {
    ranges,
    leaves: leaves.length,
    comparisons,
    contains: (key: string) => a.covers(key) && divergent.has(a.leafFor(key)),
  };
}

function isZero(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte !== 0) return false;
  return true;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
