import { invalidOption } from '../errors.js';
import { checkOptionsObject, numberOption } from '../options.js';
import { mix32, murmur3 } from './hash.js';
import { type Member, checkReplicaCount, normalizeNodes, pickReplicas } from './nodes.js';
import type { NodeInput, Partitioner } from './partitioner.js';

const MULTIPLIER_HIGH = 0x27bb2ee6; // 2862933555777941757 = 0x27BB2EE687B0B0FD
const MULTIPLIER_LOW = 0x87b0b0fd;

/**
 * Jump consistent hash (Lamping and Veach, 2014) of the 64-bit key `keyHigh·2^32 + keyLow` into
 * `buckets` buckets, with the paper's 64-bit linear congruential generator done in 32-bit halves.
 * Same results as the reference C++ code.
 *
 * @example
 * ```ts
 * import { jumpHash } from 'pacelc/partitioning';
 * jumpHash(0, 23102, 16); // 2
 * ```
 */
export function jumpHash(keyHigh: number, keyLow: number, buckets: number): number {
  let high = keyHigh >>> 0;
  let low = keyLow >>> 0;
  let bucket = -1;
  let next = 0;
  while (next < buckets) {
    bucket = next;
    // key = key * MULTIPLIER + 1 (mod 2^64)
    const a0 = low & 0xffff;
    const a1 = low >>> 16;
    const b0 = MULTIPLIER_LOW & 0xffff;
    const b1 = MULTIPLIER_LOW >>> 16;
    const carry = Math.floor((a0 * b1 + a1 * b0 + Math.floor((a0 * b0) / 65536)) / 65536);
    const productHigh = a1 * b1 + carry;
    const newLow = Math.imul(low, MULTIPLIER_LOW) >>> 0;
    let newHigh = (productHigh + Math.imul(high, MULTIPLIER_LOW) + Math.imul(low, MULTIPLIER_HIGH)) >>> 0;
    low = (newLow + 1) >>> 0;
    if (low === 0) newHigh = (newHigh + 1) >>> 0;
    high = newHigh;
    next = Math.floor((bucket + 1) * (2147483648 / ((high >>> 1) + 1)));
  }
  return bucket;
}

/**
 * Options of {@link JumpHash}.
 *
 * @example
 * ```ts
 * JumpHash.create(nodes, { seed: 1 });
 * ```
 */
export interface JumpHashOptions {
  /** Seed of the key hash. Default 0. */
  readonly seed?: number;
}

/**
 * Jump consistent hash as a partitioner: no table at all, perfect balance, and the minimum
 * movement (1/(N+1)) when a node joins at the end. Its limits: no weights, and buckets are
 * numbered, so members keep their order — a node joins at the end, and a node leaving from the
 * middle is replaced by the last one, which moves about 2/N of the keys instead of 1/N.
 *
 * @example
 * ```ts
 * import { JumpHash } from 'pacelc/partitioning';
 * const jump = JumpHash.create(['a', 'b', 'c']);
 * jump.nodeFor('user:42');
 * jump.withNodes(['a', 'b', 'c', 'd']).nodes.map((n) => n.id); // ['a', 'b', 'c', 'd']
 * ```
 */
export class JumpHash implements Partitioner {
  readonly kind = 'jump';
  readonly nodes: readonly Member[];
  readonly seed: number;
  private readonly ids: readonly string[];

  private constructor(members: Member[], seed: number) {
    for (const member of members) if (member.weight !== 1) throw invalidOption(`nodes[${member.id}].weight`, member.weight, 'no weight (jump consistent hash cannot weight buckets; use rendezvous, maglev or the ring)');
    this.nodes = members;
    this.seed = seed;
    this.ids = members.map((member) => member.id);
  }

  /** Buckets over `nodes` sorted by id. */
  static create(nodes: readonly NodeInput[], options: JumpHashOptions = {}): JumpHash {
    checkOptionsObject('JumpHash', options);
    return new JumpHash(normalizeNodes(nodes), numberOption('seed', options.seed, 0, { integer: true }));
  }

  /** The bucket (index into `nodes`) of `key`. */
  bucketFor(key: string): number {
    const hash = murmur3(key, this.seed);
    return jumpHash(hash, mix32(hash ^ 0x9e3779b9), this.ids.length);
  }

  nodeFor(key: string): string {
    return this.ids[this.bucketFor(key)] as string;
  }

  replicasFor(key: string, count: number): string[] {
    checkReplicaCount(count, this.nodes.length);
    return pickReplicas(this.nodes, this.candidates(murmur3(key, this.seed)), count);
  }

  /**
   * New membership: the remaining nodes keep their buckets, a departed node's bucket is taken by the
   * last node, and new nodes are appended (sorted by id).
   */
  withNodes(nodes: readonly NodeInput[]): JumpHash {
    const next = normalizeNodes(nodes);
    const byId = new Map(next.map((member) => [member.id, member]));
    const slots: Array<Member | undefined> = this.nodes.map((member) => byId.get(member.id));
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] !== undefined) continue;
      while (slots.length > i && slots[slots.length - 1] === undefined) slots.pop();
      if (slots.length > i) slots[i] = slots.pop();
    }
    const known = new Set(this.ids);
    const appended = next.filter((member) => !known.has(member.id));
    return new JumpHash([...(slots as Member[]), ...appended], this.seed);
  }

  private *candidates(hash: number): Generator<number> {
    const n = this.ids.length;
    yield jumpHash(hash, mix32(hash ^ 0x9e3779b9), n);
    for (let attempt = 1; attempt < 8 * n; attempt++) {
      const salted = mix32(hash + Math.imul(attempt, 0x9e3779b1));
      yield jumpHash(salted, mix32(salted ^ 0x9e3779b9), n);
    }
    for (let i = 0; i < n; i++) yield i;
  }
}
