import { invalidOption } from '../errors.js';
import { checkOptionsObject, numberOption } from '../options.js';
import { bucketStart, fastRange, murmur3 } from './hash.js';
import { type Member, checkReplicaCount, normalizeNodes, pickReplicas, totalWeight } from './nodes.js';
import type { HashRange, NodeInput, Partitioner } from './partitioner.js';
import { buildPoints } from './ring.js';

/**
 * Options of {@link BoundedLoadRing}.
 *
 * @example
 * ```ts
 * BoundedLoadRing.create(nodes, { epsilon: 0.25, slotCount: 65536 });
 * ```
 */
export interface BoundedLoadRingOptions {
  /**
   * Allowed imbalance: no node holds more than ⌈(1 + ε) × its fair share⌉ of the slots. Default 0:
   * every node within one slot of its share (a larger ε moves slightly fewer keys on membership
   * changes, and lets the ring's uneven arcs show through: see docs/partitioning.md).
   */
  readonly epsilon?: number;
  /** Number of equal hash-range slots that are placed (more slots, finer balance). Default 16384. */
  readonly slotCount?: number;
  /** Ring points per unit of weight. Default 128. */
  readonly vnodes?: number;
  /** Seed of the key and point hashes. Default 0. */
  readonly seed?: number;
}

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, 2018; used by Vimeo and
 * HAProxy): the hash space is cut into `slotCount` equal slots and each slot, in order, goes to the
 * first node clockwise from it on a ring that still has room under a cap of
 * ⌈(1 + ε) × slotCount × weight / totalWeight⌉. The cap bounds the hottest node at 1 + ε times its
 * share whatever the ring's arcs look like; the price is some extra movement on membership changes
 * (it grows as ε shrinks, as the paper's O(1/ε²) bound says).
 *
 * @example
 * ```ts
 * import { BoundedLoadRing } from 'pacelc/partitioning';
 * const ring = BoundedLoadRing.create(['a', 'b', 'c'], { epsilon: 0.05 }); // no node above 1.05 × its share
 * ring.nodeFor('user:42');
 * ```
 */
export class BoundedLoadRing implements Partitioner {
  readonly kind = 'bounded-load';
  readonly nodes: readonly Member[];
  readonly epsilon: number;
  readonly slotCount: number;
  readonly vnodes: number;
  readonly seed: number;
  private readonly ids: readonly string[];
  private readonly slots: Uint32Array;
  private readonly points: Uint32Array;
  private readonly owners: Uint32Array;

  private constructor(members: Member[], options: Required<BoundedLoadRingOptions>) {
    this.nodes = members;
    this.epsilon = options.epsilon;
    this.slotCount = options.slotCount;
    this.vnodes = options.vnodes;
    this.seed = options.seed;
    this.ids = members.map((member) => member.id);
    const ring = buildPoints(members, options.vnodes, options.seed);
    this.points = ring.points;
    this.owners = ring.owners;
    const total = totalWeight(members);
    const capacity = members.map((member) => Math.ceil(((1 + options.epsilon) * options.slotCount * member.weight) / total));
    const load = new Uint32Array(members.length);
    this.slots = new Uint32Array(options.slotCount);
    const n = this.points.length;
    for (let slot = 0; slot < options.slotCount; slot++) {
      let index = this.successor(bucketStart(slot, options.slotCount));
      for (let step = 0; ; step++) {
        const owner = this.owners[index] as number;
        if ((load[owner] as number) < (capacity[owner] as number)) {
          this.slots[slot] = owner;
          load[owner] = (load[owner] as number) + 1;
          break;
        }
        index = index + 1 === n ? 0 : index + 1;
        if (step > n) throw new Error('BoundedLoadRing: total capacity is below the slot count (cannot happen with epsilon >= 0)');
      }
    }
  }

  /** Builds the ring and places the slots. */
  static create(nodes: readonly NodeInput[], options: BoundedLoadRingOptions = {}): BoundedLoadRing {
    checkOptionsObject('BoundedLoadRing', options);
    const epsilon = options.epsilon ?? 0;
    if (!(Number.isFinite(epsilon) && epsilon >= 0 && epsilon <= 10)) throw invalidOption('epsilon', options.epsilon, 'a number from 0 to 10');
    const slotCount = options.slotCount ?? 16384;
    if (!Number.isInteger(slotCount) || slotCount < 1 || slotCount > 1 << 20) throw invalidOption('slotCount', options.slotCount, 'an integer from 1 to 1048576');
    const vnodes = options.vnodes ?? 128;
    if (!Number.isInteger(vnodes) || vnodes < 1 || vnodes > 100_000) throw invalidOption('vnodes', options.vnodes, 'an integer from 1 to 100000');
    return new BoundedLoadRing(normalizeNodes(nodes), { epsilon, slotCount, vnodes, seed: numberOption('seed', options.seed, 0, { integer: true }) });
  }

  nodeFor(key: string): string {
    return this.ids[this.slots[fastRange(murmur3(key, this.seed), this.slotCount)] as number] as string;
  }

  replicasFor(key: string, count: number): string[] {
    checkReplicaCount(count, this.nodes.length);
    const slot = fastRange(murmur3(key, this.seed), this.slotCount);
    return pickReplicas(this.nodes, this.candidates(slot), count);
  }

  private *candidates(slot: number): Generator<number> {
    yield this.slots[slot] as number;
    const start = this.successor(bucketStart(slot, this.slotCount));
    for (let i = 0; i < this.points.length; i++) yield this.owners[(start + i) % this.points.length] as number;
  }

  withNodes(nodes: readonly NodeInput[]): BoundedLoadRing {
    return new BoundedLoadRing(normalizeNodes(nodes), { epsilon: this.epsilon, slotCount: this.slotCount, vnodes: this.vnodes, seed: this.seed });
  }

  /** Slots held by each node, by id. */
  slotLoads(): Map<string, number> {
    const loads = new Map(this.ids.map((id) => [id, 0]));
    for (const owner of this.slots) loads.set(this.ids[owner] as string, (loads.get(this.ids[owner] as string) as number) + 1);
    return loads;
  }

  hashRanges(): HashRange[] {
    const ranges: HashRange[] = [];
    for (let slot = 0; slot < this.slotCount; slot++) {
      const node = this.ids[this.slots[slot] as number] as string;
      const end = bucketStart(slot + 1, this.slotCount);
      const last = ranges[ranges.length - 1];
      if (last !== undefined && last.node === node) ranges[ranges.length - 1] = { start: last.start, end, node };
      else ranges.push({ start: bucketStart(slot, this.slotCount), end, node });
    }
    return ranges;
  }

  private successor(hash: number): number {
    const points = this.points;
    let low = 0;
    let high = points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((points[middle] as number) < hash) low = middle + 1;
      else high = middle;
    }
    return low === points.length ? 0 : low;
  }
}
