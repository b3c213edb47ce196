import { mix32, murmur3 } from './hash.js';
import { checkOptionsObject, numberOption } from '../options.js';
import { type Member, checkReplicaCount, normalizeNodes, pickReplicas } from './nodes.js';
import type { NodeInput, Partitioner } from './partitioner.js';

/**
 * Options of {@link Rendezvous}.
 *
 * @example
 * ```ts
 * Rendezvous.create(nodes, { seed: 1 });
 * ```
 */
export interface RendezvousOptions {
  /** Seed of the key and node hashes. Default 0. */
  readonly seed?: number;
}

/**
 * Rendezvous hashing, highest random weight (Thaler and Ravishankar, 1996): every node scores the
 * key and the highest score wins, so the preference list is simply the nodes by descending score
 * and only the keys of a departed node move. Weighted with the logarithmic method (score =
 * −weight / ln(u)), which gives each node exactly its weight's share. A lookup hashes the key once
 * and mixes it with each node's hash: O(N) per lookup, no table.
 *
 * @example
 * ```ts
 * import { Rendezvous } from 'pacelc/partitioning';
 * const hrw = Rendezvous.create([{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }]);
 * hrw.nodeFor('user:42'); // 'b' for about 3 keys in 4
 * ```
 */
export class Rendezvous implements Partitioner {
  readonly kind = 'rendezvous';
  readonly nodes: readonly Member[];
  readonly seed: number;
  private readonly ids: readonly string[];
  private readonly nodeHashes: Uint32Array;
  private readonly weights: Float64Array;
  private readonly weighted: boolean;

  private constructor(members: Member[], seed: number) {
    this.nodes = members;
    this.seed = seed;
    this.ids = members.map((member) => member.id);
    this.nodeHashes = Uint32Array.from(members, (member) => murmur3(member.id, seed ^ 0x52c6a2d1));
    this.weights = Float64Array.from(members, (member) => member.weight);
    this.weighted = members.some((member) => member.weight !== members[0]?.weight);
  }

  /** Rendezvous hashing over `nodes`. */
  static create(nodes: readonly NodeInput[], options: RendezvousOptions = {}): Rendezvous {
    checkOptionsObject('Rendezvous', options);
    return new Rendezvous(normalizeNodes(nodes), numberOption('seed', options.seed, 0, { integer: true }));
  }

  nodeFor(key: string): string {
    const hash = murmur3(key, this.seed);
    const hashes = this.nodeHashes;
    let best = 0;
    if (!this.weighted) {
      let bestScore = -1;
      for (let i = 0; i < hashes.length; i++) {
        const score = mix32(hash ^ (hashes[i] as number));
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
    } else {
      let bestScore = -Infinity;
      for (let i = 0; i < hashes.length; i++) {
        const score = this.score(hash, i);
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
    }
    return this.ids[best] as string;
  }

  replicasFor(key: string, count: number): string[] {
    checkReplicaCount(count, this.nodes.length);
    const hash = murmur3(key, this.seed);
    const scores = Array.from(this.nodeHashes, (_, i) => this.score(hash, i));
    const order = Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
    return pickReplicas(this.nodes, order, count);
  }

  withNodes(nodes: readonly NodeInput[]): Rendezvous {
    return new Rendezvous(normalizeNodes(nodes), this.seed);
  }

  /** −weight / ln(u) with u uniform in (0, 1): larger is better; monotonic in u for equal weights. */
  private score(hash: number, index: number): number {
    const u = (mix32(hash ^ (this.nodeHashes[index] as number)) + 0.5) / 4294967296;
    return -(this.weights[index] as number) / Math.log(u);
  }
}
