// The one interface every partitioner implements, and the node description they share.

/**
 * A member of the cluster as partitioners see it. `id` is what lookups return; `weight` scales the
 * node's share of keys (default 1); `zone` and `region` let replica lists spread across failure
 * domains and let geographic placement keep data where it is allowed to be.
 *
 * @example
 * ```ts
 * const node: NodeSpec = { id: 'db-3', weight: 2, zone: 'eu-west-1b', region: 'eu-west-1' };
 * ```
 */
export interface NodeSpec {
  readonly id: string;
  /** Relative capacity; a node of weight 2 gets about twice the keys of one of weight 1. Default 1. */
  readonly weight?: number;
  /** Availability zone (failure domain). Replica lists prefer distinct zones. */
  readonly zone?: string;
  /** Region (for residency rules and cross-region replica spread). */
  readonly region?: string;
}

/**
 * A node given either as its id or as a full {@link NodeSpec}.
 *
 * @example
 * ```ts
 * const nodes: NodeInput[] = ['a', { id: 'b', weight: 2 }];
 * ```
 */
export type NodeInput = string | NodeSpec;

/**
 * A contiguous range of 32-bit key hashes `[start, end)` (end may be 2^32) owned by one node.
 *
 * @example
 * ```ts
 * HashRing.create(['a', 'b']).hashRanges()[0]; // { start: 0, end: 81234567, node: 'b' }
 * ```
 */
export interface HashRange {
  readonly start: number;
  readonly end: number;
  readonly node: string;
}

/**
 * Where keys go. Implementations are immutable: a membership change returns a new partitioner
 * (`withNodes`), so before and after can be compared ({@link planRebalance}, {@link measureMovement}).
 * Membership is sorted by id, so the same members give the same placement in every process
 * whatever order they were listed in.
 *
 * @example
 * ```ts
 * import { HashRing } from 'pacelc/partitioning';
 * const ring = HashRing.create(['a', 'b', 'c']);
 * ring.nodeFor('user:42'); // 'b'
 * ring.replicasFor('user:42', 2); // ['b', 'c']
 * const bigger = ring.withNodes([...ring.nodes, { id: 'd' }]);
 * ```
 */
export interface Partitioner {
  /** The algorithm's name (`ring`, `jump`, `rendezvous`, `maglev`, `bounded-load`, `slots`, `range`, `geo`). */
  readonly kind: string;
  /** The members, sorted by id (jump keeps its append order: see its docs). */
  readonly nodes: readonly NodeSpec[];
  /** The node that owns `key`. */
  nodeFor(key: string): string;
  /**
   * `count` distinct nodes for `key`, the owner first: the key's replica preference list. When
   * nodes have zones (or regions), the list takes one node per zone before it repeats a zone.
   * Throws a `RangeError` if `count` exceeds the number of nodes.
   */
  replicasFor(key: string, count: number): string[];
  /** The same algorithm and options over new members. */
  withNodes(nodes: readonly NodeInput[]): Partitioner;
  /**
   * The owner of every key hash, as contiguous ranges covering `[0, 2^32)`, for partitioners whose
   * placement is a function of ranges of the 32-bit key hash. Absent otherwise (jump, rendezvous,
   * Redis slots, key ranges), where a plan is computed over sample keys instead.
   */
  hashRanges?(): readonly HashRange[];
}
