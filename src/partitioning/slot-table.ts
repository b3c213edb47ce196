import { redisSlot } from './hash.js';
import { type Member, checkReplicaCount, everyNode, normalizeNodes, pickReplicas, totalWeight } from './nodes.js';
import type { NodeInput, Partitioner } from './partitioner.js';

/**
 * The number of hash slots in a Redis Cluster.
 *
 * @example
 * ```ts
 * import { REDIS_SLOT_COUNT, redisSlot } from 'pacelc/partitioning';
 * redisSlot('foo') < REDIS_SLOT_COUNT; // true
 * ```
 */
export const REDIS_SLOT_COUNT = 16384;

/**
 * A run of consecutive slots `[start, end)` held by one node.
 *
 * @example
 * ```ts
 * SlotTable.create(['a', 'b']).slotRanges(); // [{ start: 0, end: 8192, node: 'a' }, { start: 8192, end: 16384, node: 'b' }]
 * ```
 */
export interface SlotRange {
  readonly start: number;
  readonly end: number;
  readonly node: string;
}

/**
 * A fixed table of 16384 hash slots, as Redis Cluster keeps: a key's slot is CRC16(key) mod 16384
 * (only the `{hash tag}` is hashed when there is one, so related keys share a slot and can be used
 * in one multi-key command), and each slot is assigned to a node. Slots are handed out in contiguous
 * runs in proportion to weight; a membership change moves the fewest slots that restore the
 * proportions (what `redis-cli --cluster rebalance` does), and {@link SlotTable.slotRanges} lists
 * the runs for `CLUSTER ADDSLOTSRANGE`-style configuration.
 *
 * @example
 * ```ts
 * import { SlotTable } from 'pacelc/partitioning';
 * const cluster = SlotTable.create(['a', 'b', 'c']);
 * cluster.slotFor('{user:1}:cart') === cluster.slotFor('{user:1}:orders'); // true
 * cluster.slotRanges(); // [{ start: 0, end: 5462, node: 'a' }, ...]
 * ```
 */
export class SlotTable implements Partitioner {
  readonly kind = 'slots';
  readonly nodes: readonly Member[];
  private readonly ids: readonly string[];
  private readonly slots: Uint32Array;

  private constructor(members: Member[], slots: Uint32Array) {
    this.nodes = members;
    this.ids = members.map((member) => member.id);
    this.slots = slots;
  }

  /** Contiguous runs of slots in node-id order, sized by weight (largest remainder). */
  static create(nodes: readonly NodeInput[]): SlotTable {
    const members = normalizeNodes(nodes);
    const targets = slotTargets(members);
    const slots = new Uint32Array(REDIS_SLOT_COUNT);
    let slot = 0;
    members.forEach((_, index) => {
      for (let i = 0; i < (targets[index] as number); i++) slots[slot++] = index;
    });
    return new SlotTable(members, slots);
  }

  /** The Redis Cluster slot of `key` (see {@link redisSlot}). */
  slotFor(key: string): number {
    return redisSlot(key);
  }

  /** The node that holds `slot`. */
  nodeForSlot(slot: number): string {
    return this.ids[this.slots[slot] as number] as string;
  }

  nodeFor(key: string): string {
    return this.ids[this.slots[redisSlot(key)] as number] as string;
  }

  replicasFor(key: string, count: number): string[] {
    checkReplicaCount(count, this.nodes.length);
    const slot = redisSlot(key);
    return pickReplicas(this.nodes, this.candidates(slot), count);
  }

  private *candidates(slot: number): Generator<number> {
    for (let i = 0; i < REDIS_SLOT_COUNT; i++) yield this.slots[(slot + i) % REDIS_SLOT_COUNT] as number;
    yield* everyNode(this.nodes.length, this.slots[slot] as number); // nodes too light to own a slot
  }

  /**
   * New membership with the fewest slot moves: nodes that stay keep their slots up to their new
   * fair share; slots of departed nodes and the excess of over-full nodes (their highest slots) go,
   * lowest first, to the nodes below their share.
   */
  withNodes(nodes: readonly NodeInput[]): SlotTable {
    const members = normalizeNodes(nodes);
    const targets = slotTargets(members);
    const newIndex = new Map(members.map((member, index) => [member.id, index]));
    const remap = this.ids.map((id) => newIndex.get(id) ?? -1);
    const slots = new Uint32Array(REDIS_SLOT_COUNT);
    const counts = new Array<number>(members.length).fill(0);
    const free: number[] = [];
    for (let slot = 0; slot < REDIS_SLOT_COUNT; slot++) {
      const owner = remap[this.slots[slot] as number] as number;
      if (owner < 0) free.push(slot);
      else {
        slots[slot] = owner;
        counts[owner] = (counts[owner] as number) + 1;
      }
    }
    for (let slot = REDIS_SLOT_COUNT - 1; slot >= 0; slot--) {
      const owner = remap[this.slots[slot] as number] as number;
      if (owner >= 0 && (counts[owner] as number) > (targets[owner] as number)) {
        counts[owner] = (counts[owner] as number) - 1;
        free.push(slot);
      }
    }
    free.sort((a, b) => a - b);
    let member = 0;
    for (const slot of free) {
      while ((counts[member] as number) >= (targets[member] as number)) member++;
      slots[slot] = member;
      counts[member] = (counts[member] as number) + 1;
    }
    return new SlotTable(members, slots);
  }

  /** The slot runs each node holds, in slot order. */
  slotRanges(): SlotRange[] {
    const ranges: SlotRange[] = [];
    for (let slot = 0; slot < REDIS_SLOT_COUNT; slot++) {
      const node = this.ids[this.slots[slot] as number] as string;
      const last = ranges[ranges.length - 1];
      if (last !== undefined && last.node === node) ranges[ranges.length - 1] = { start: last.start, end: slot + 1, node };
      else ranges.push({ start: slot, end: slot + 1, node });
    }
    return ranges;
  }
}

/** Slots per member in proportion to weight, summing to 16384 (largest remainder, ties by id order). */
function slotTargets(members: readonly Member[]): number[] {
  const total = totalWeight(members);
  const exact = members.map((member) => (REDIS_SLOT_COUNT * member.weight) / total);
  const targets = exact.map(Math.floor);
  let missing = REDIS_SLOT_COUNT - targets.reduce((sum, value) => sum + value, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (missing-- <= 0) break;
    targets[index] = (targets[index] as number) + 1;
  }
  return targets;
}
