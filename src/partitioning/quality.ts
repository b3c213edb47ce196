import type { NodeInput, Partitioner } from './partitioner.js';
import { normalizeNodes, totalWeight } from './nodes.js';

/**
 * How evenly a partitioner spreads load, each node's load divided by its weight's fair share.
 *
 * @example
 * ```ts
 * const { coefficientOfVariation, maxOverMean } = measureBalance(ring, keys);
 * ```
 */
export interface BalanceReport {
  /** Keys (or, for {@link exactBalance}, hashes) per node, by id. */
  readonly loads: ReadonlyMap<string, number>;
  /** The total measured. */
  readonly total: number;
  /** Standard deviation over mean of the weight-normalised loads (0 is perfect). */
  readonly coefficientOfVariation: number;
  /** The most loaded node's load over its fair share (1 is perfect). */
  readonly maxOverMean: number;
  /** The least loaded node's load over its fair share. */
  readonly minOverMean: number;
}

/**
 * How many keys a membership change moved, against the least any algorithm could move.
 *
 * @example
 * ```ts
 * const { fractionMoved, idealFraction } = measureMovement(before, after, keys);
 * ```
 */
export interface MovementReport {
  readonly keys: number;
  readonly moved: number;
  readonly fractionMoved: number;
  /** The least fraction that must move to reach the new fair shares (1/(N+1) for one join). */
  readonly idealFraction: number;
  /** `fractionMoved / idealFraction` (1 is optimal). */
  readonly ratioToIdeal: number;
}

/**
 * Places `keys` and reports the spread: load CoV, max/mean and min/mean, each node's count
 * normalised by its weight (so a weight-2 node holding twice the keys is perfectly balanced).
 *
 * @example
 * ```ts
 * import { HashRing, measureBalance } from 'pacelc/partitioning';
 * const keys = Array.from({ length: 100_000 }, (_, i) => `user:${i}`);
 * const report = measureBalance(HashRing.create(['a', 'b', 'c']), keys);
 * report.coefficientOfVariation; // e.g. 0.03
 * ```
 */
export function measureBalance(partitioner: Partitioner, keys: Iterable<string>): BalanceReport {
  const loads = new Map(partitioner.nodes.map((node) => [node.id, 0]));
  let total = 0;
  for (const key of keys) {
    const node = partitioner.nodeFor(key);
    loads.set(node, (loads.get(node) ?? 0) + 1);
    total++;
  }
  return report(partitioner, loads, total);
}

/**
 * The exact balance over the whole 32-bit hash space, from the partitioner's ranges (no sampling
 * noise). Undefined for partitioners without {@link Partitioner.hashRanges}.
 *
 * @example
 * ```ts
 * import { Maglev, exactBalance } from 'pacelc/partitioning';
 * exactBalance(Maglev.create(['a', 'b', 'c']))?.maxOverMean; // about 1.00002
 * ```
 */
export function exactBalance(partitioner: Partitioner): BalanceReport | undefined {
  if (partitioner.hashRanges === undefined) return undefined;
  const loads = new Map(partitioner.nodes.map((node) => [node.id, 0]));
  for (const range of partitioner.hashRanges()) loads.set(range.node, (loads.get(range.node) ?? 0) + (range.end - range.start));
  return report(partitioner, loads, 4294967296);
}

function report(partitioner: Partitioner, loads: Map<string, number>, total: number): BalanceReport {
  const weights = normalizeNodes(partitioner.nodes, 'nodes', false);
  const weightSum = totalWeight(weights);
  const normalized = weights.map((node) => (loads.get(node.id) ?? 0) / ((total * node.weight) / weightSum));
  const mean = normalized.reduce((sum, value) => sum + value, 0) / normalized.length;
  const variance = normalized.reduce((sum, value) => sum + (value - mean) ** 2, 0) / normalized.length;
  return {
    loads,
    total,
    coefficientOfVariation: mean === 0 ? 0 : Math.sqrt(variance) / mean,
    maxOverMean: mean === 0 ? 0 : Math.max(...normalized) / mean,
    minOverMean: mean === 0 ? 0 : Math.min(...normalized) / mean,
  };
}

/**
 * The fraction of `keys` whose owner differs between `before` and `after`, and the ideal.
 *
 * @example
 * ```ts
 * import { HashRing, measureMovement } from 'pacelc/partitioning';
 * const before = HashRing.create(['a', 'b', 'c']);
 * const after = before.withNodes(['a', 'b', 'c', 'd']);
 * const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
 * measureMovement(before, after, keys).ratioToIdeal; // close to 1
 * ```
 */
export function measureMovement(before: Partitioner, after: Partitioner, keys: Iterable<string>): MovementReport {
  let count = 0;
  let moved = 0;
  for (const key of keys) {
    count++;
    if (before.nodeFor(key) !== after.nodeFor(key)) moved++;
  }
  const fractionMoved = count === 0 ? 0 : moved / count;
  const idealFraction = idealMovement(before.nodes, after.nodes);
  return { keys: count, moved, fractionMoved, idealFraction, ratioToIdeal: idealFraction === 0 ? (moved === 0 ? 1 : Infinity) : fractionMoved / idealFraction };
}

/**
 * The least fraction of keys that must change owner when membership goes from `before` to
 * `after`: the sum of the shares nodes lose. One join to N nodes: 1/(N+1); one leave: 1/N.
 *
 * @example
 * ```ts
 * import { idealMovement } from 'pacelc/partitioning';
 * idealMovement(['a', 'b'], ['a', 'b', 'c']); // 1/3
 * ```
 */
export function idealMovement(before: readonly NodeInput[], after: readonly NodeInput[]): number {
  const share = (nodes: readonly NodeInput[]): Map<string, number> => {
    const members = normalizeNodes(nodes);
    const total = totalWeight(members);
    return new Map(members.map((member) => [member.id, member.weight / total]));
  };
  const from = share(before);
  const to = share(after);
  let lost = 0;
  for (const [id, fraction] of from) lost += Math.max(0, fraction - (to.get(id) ?? 0));
  return lost;
}
