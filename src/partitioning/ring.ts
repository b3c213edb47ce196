import { invalidOption } from '../errors.js';
import { checkOptionsObject } from '../options.js';
import { murmur3 } from './hash.js';
import { type Member, checkReplicaCount, normalizeNodes, pickReplicas } from './nodes.js';
import type { HashRange, NodeInput, Partitioner } from './partitioner.js';

/**
 * Options of {@link HashRing}.
 *
 * @example
 * ```ts
 * HashRing.create(nodes, { vnodes: 256, seed: 0 });
 * ```
 */
export interface HashRingOptions {
  /**
   * Points on the ring per unit of weight (a node of weight 2 gets twice as many). More points give
   * better balance (load CoV about 1/sqrt(points)) and a larger table. Default 512.
   */
  readonly vnodes?: number;
  /** Seed of the MurmurHash3 used for keys and points. Default 0. */
  readonly seed?: number;
}

/**
 * Consistent hashing (Karger et al.; Dynamo, Cassandra vnodes): every node owns `vnodes × weight`
 * points on a 32-bit ring, a key belongs to the first point at or after its hash. Adding or
 * removing a node moves only the keys of the arcs it gains or loses (about 1/(N+1) on a join).
 * Lookups are a MurmurHash3 of the key and a binary search over a sorted `Uint32Array`.
 *
 * @example
 * ```ts
 * import { HashRing } from 'pacelc/partitioning';
 * const ring = HashRing.create([{ id: 'a', zone: 'z1' }, { id: 'b', zone: 'z1' }, { id: 'c', zone: 'z2' }]);
 * ring.nodeFor('user:42');
 * ring.replicasFor('user:42', 2); // two nodes in different zones
 * ```
 */
export class HashRing implements Partitioner {
  readonly kind = 'ring';
  readonly nodes: readonly Member[];
  readonly vnodes: number;
  readonly seed: number;
  /** Ring points, ascending. */
  private readonly points: Uint32Array;
  /** `owners[i]` is the index in `nodes` of the node that owns `points[i]`. */
  private readonly owners: Uint32Array;
  /** `index[p]` is the first point whose top `indexBits` bits are >= p: narrows each search to a point or two. */
  private readonly index: Uint32Array;
  private readonly indexShift: number;
  private readonly ids: readonly string[];

  private constructor(members: Member[], vnodes: number, seed: number) {
    this.nodes = members;
    this.vnodes = vnodes;
    this.seed = seed;
    this.ids = members.map((member) => member.id);
    const points = buildPoints(members, vnodes, seed);
    this.points = points.points;
    this.owners = points.owners;
    const indexBits = Math.min(20, Math.max(1, Math.ceil(Math.log2(this.points.length))));
    this.indexShift = 32 - indexBits;
    this.index = new Uint32Array((1 << indexBits) + 1);
    let point = 0;
    for (let prefix = 0; prefix <= 1 << indexBits; prefix++) {
      while (point < this.points.length && (this.points[point] as number) >>> this.indexShift < prefix) point++;
      this.index[prefix] = point;
    }
  }

  /** Builds a ring over `nodes` (ids or {@link NodeSpec}s, in any order). */
  static create(nodes: readonly NodeInput[], options: HashRingOptions = {}): HashRing {
    checkOptionsObject('HashRing', options);
    const vnodes = options.vnodes ?? 512;
    if (!Number.isInteger(vnodes) || vnodes < 1 || vnodes > 100_000) throw invalidOption('vnodes', options.vnodes, 'an integer from 1 to 100000');
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed)) throw invalidOption('seed', options.seed, 'an integer');
    return new HashRing(normalizeNodes(nodes), vnodes, seed);
  }

  /** The number of points on the ring. */
  get size(): number {
    return this.points.length;
  }

  nodeFor(key: string): string {
    return this.ids[this.owners[this.successor(murmur3(key, this.seed))] as number] as string;
  }

  /** The owner of a 32-bit key hash (for callers that hash once and look up many times). */
  nodeForHash(hash: number): string {
    return this.ids[this.owners[this.successor(hash >>> 0)] as number] as string;
  }

  replicasFor(key: string, count: number): string[] {
    checkReplicaCount(count, this.nodes.length);
    return pickReplicas(this.nodes, this.walk(this.successor(murmur3(key, this.seed))), count);
  }

  withNodes(nodes: readonly NodeInput[]): HashRing {
    return new HashRing(normalizeNodes(nodes), this.vnodes, this.seed);
  }

  hashRanges(): HashRange[] {
    const ranges: HashRange[] = [];
    const push = (start: number, end: number, owner: number): void => {
      if (end <= start) return;
      const node = this.ids[owner] as string;
      const last = ranges[ranges.length - 1];
      if (last !== undefined && last.node === node && last.end === start) ranges[ranges.length - 1] = { start: last.start, end, node };
      else ranges.push({ start, end, node });
    };
    const n = this.points.length;
    push(0, (this.points[0] as number) + 1, this.owners[0] as number);
    for (let i = 1; i < n; i++) push((this.points[i - 1] as number) + 1, (this.points[i] as number) + 1, this.owners[i] as number);
    push((this.points[n - 1] as number) + 1, 4294967296, this.owners[0] as number);
    return ranges;
  }

  /** Index of the first point at or after `hash` (wrapping to 0). */
  private successor(hash: number): number {
    const points = this.points;
    const prefix = hash >>> this.indexShift;
    let low = this.index[prefix] as number;
    let high = this.index[prefix + 1] as number;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((points[middle] as number) < hash) low = middle + 1;
      else high = middle;
    }
    return low === points.length ? 0 : low;
  }

  /** Owners clockwise from point `start`, once around the ring. */
  private *walk(start: number): Generator<number> {
    const n = this.points.length;
    for (let i = 0; i < n; i++) yield this.owners[(start + i) % n] as number;
  }
}

/**
 * Most points a ring may have (`vnodes` × total weight, each node at least one): 2^21, about
 * 2 million, or 32 MiB while it is built. A membership that needs more is refused up front with a
 * `RangeError` naming the node and its weight.
 *
 * @example
 * ```ts
 * HashRing.create([{ id: 'a', weight: 1e5 }]); // RangeError: 512 × 1e5 points is more than MAX_RING_POINTS
 * ```
 */
export const MAX_RING_POINTS = 2 ** 21;

/**
 * The ring's points for `members`: `round(vnodes × weight)` MurmurHash3 points per node, sorted by
 * hash and then by node index (ties are broken the same way in every process). Packs each point
 * with its owner into one double so a plain numeric typed-array sort does the work.
 */
export function buildPoints(members: readonly Member[], vnodes: number, seed: number): { points: Uint32Array; owners: Uint32Array } {
  if (members.length > 65535) throw invalidOption('nodes', members.length, 'at most 65535 nodes');
  const counts = members.map((member) => Math.max(1, Math.round(vnodes * member.weight)));
  // Checked before anything is allocated: weight 1e5 at 512 points would be 51 million points.
  let total = 0;
  members.forEach((member, index) => {
    total += counts[index] as number;
    if (!(total <= MAX_RING_POINTS)) {
      throw invalidOption(`weight of node ${JSON.stringify(member.id)}`, member.weight, `a weight that keeps the ring at most ${MAX_RING_POINTS} points (vnodes ${vnodes} × total weight; this node alone needs ${counts[index]})`);
    }
  });
  const packed = new Float64Array(counts.reduce((sum, count) => sum + count, 0));
  let next = 0;
  members.forEach((member, owner) => {
    const prefix = `${member.id}#`;
    for (let i = 0; i < (counts[owner] as number); i++) packed[next++] = murmur3(prefix + i, seed) * 65536 + owner;
  });
  packed.sort();
  const points = new Uint32Array(packed.length);
  const owners = new Uint32Array(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const value = packed[i] as number;
    const owner = value % 65536;
    owners[i] = owner;
    points[i] = (value - owner) / 65536;
  }
  return { points, owners };
}
