import { invalidOption } from '../errors.js';
import { checkOptionsObject, numberOption } from '../options.js';
import { bucketStart, fastRange, murmur3 } from './hash.js';
import { type Member, checkReplicaCount, everyNode, normalizeNodes, pickReplicas } from './nodes.js';
import type { HashRange, NodeInput, Partitioner } from './partitioner.js';

/**
 * Options of {@link Maglev}.
 *
 * @example
 * ```ts
 * Maglev.create(nodes, { tableSize: 655373 }); // > 100 × 5000 nodes
 * ```
 */
export interface MaglevOptions {
  /** Lookup table size; a prime well above 100 × the number of nodes. Default 65537. */
  readonly tableSize?: number;
  /** Seed of the key and node hashes. Default 0. */
  readonly seed?: number;
}

/**
 * Maglev hashing (Eisenbud et al., NSDI 2016): each node fills a prime-sized lookup table in the
 * order of its own permutation, taking turns, so every node gets the same number of entries (±1,
 * or in proportion to its weight) and a lookup is one hash and one array read. On a membership
 * change a few more keys move than the ideal (the paper measures under 1% extra on a 65537 table).
 *
 * @example
 * ```ts
 * import { Maglev } from 'pacelc/partitioning';
 * const maglev = Maglev.create(['a', 'b', 'c'], { tableSize: 65537 });
 * maglev.nodeFor('user:42');
 * ```
 */
export class Maglev implements Partitioner {
  readonly kind = 'maglev';
  readonly nodes: readonly Member[];
  readonly tableSize: number;
  readonly seed: number;
  private readonly table: Uint32Array;
  private readonly ids: readonly string[];

  private constructor(members: Member[], tableSize: number, seed: number) {
    this.nodes = members;
    this.tableSize = tableSize;
    this.seed = seed;
    this.ids = members.map((member) => member.id);
    this.table = populate(members, tableSize, seed);
  }

  /** Builds the lookup table over `nodes`. */
  static create(nodes: readonly NodeInput[], options: MaglevOptions = {}): Maglev {
    checkOptionsObject('Maglev', options);
    const seed = numberOption('seed', options.seed, 0, { integer: true });
    const tableSize = options.tableSize ?? 65537;
    if (!Number.isInteger(tableSize) || tableSize < 3 || tableSize > 2_000_003 || !isPrime(tableSize)) throw invalidOption('tableSize', options.tableSize, 'a prime from 3 to 2000003');
    const members = normalizeNodes(nodes);
    if (members.length > tableSize) throw invalidOption('tableSize', tableSize, `a prime larger than the number of nodes (${members.length})`);
    return new Maglev(members, tableSize, seed);
  }

  nodeFor(key: string): string {
    return this.ids[this.table[fastRange(murmur3(key, this.seed), this.tableSize)] as number] as string;
  }

  replicasFor(key: string, count: number): string[] {
    checkReplicaCount(count, this.nodes.length);
    return pickReplicas(this.nodes, this.walk(fastRange(murmur3(key, this.seed), this.tableSize)), count);
  }

  withNodes(nodes: readonly NodeInput[]): Maglev {
    return new Maglev(normalizeNodes(nodes), this.tableSize, this.seed);
  }

  hashRanges(): HashRange[] {
    const ranges: HashRange[] = [];
    for (let entry = 0; entry < this.tableSize; entry++) {
      const node = this.ids[this.table[entry] as number] as string;
      const start = bucketStart(entry, this.tableSize);
      const end = bucketStart(entry + 1, this.tableSize);
      const last = ranges[ranges.length - 1];
      if (last !== undefined && last.node === node) ranges[ranges.length - 1] = { start: last.start, end, node };
      else ranges.push({ start, end, node });
    }
    return ranges;
  }

  private *walk(entry: number): Generator<number> {
    for (let i = 0; i < this.tableSize; i++) yield this.table[(entry + i) % this.tableSize] as number;
    yield* everyNode(this.nodes.length, this.table[entry] as number); // nodes too light to own an entry
  }
}

function populate(members: readonly Member[], size: number, seed: number): Uint32Array {
  const n = members.length;
  // position[i] walks node i's permutation: offset, offset + skip, offset + 2·skip, ... (mod size).
  const position = new Int32Array(n);
  const skips = new Int32Array(n);
  const shares = new Float64Array(n);
  const credit = new Float64Array(n);
  let maxWeight = 0;
  for (const member of members) maxWeight = Math.max(maxWeight, member.weight);
  members.forEach((member, i) => {
    position[i] = murmur3(member.id, seed ^ 0x6d61676c) % size;
    skips[i] = (murmur3(member.id, seed ^ 0x65762121) % (size - 1)) + 1;
    shares[i] = member.weight / maxWeight;
  });
  const empty = 0xffffffff;
  const table = new Uint32Array(size).fill(empty);
  let filled = 0;
  for (;;) {
    for (let i = 0; i < n; i++) {
      // Weighted Maglev: a node places one entry per turn per unit of weight relative to the heaviest.
      credit[i] = (credit[i] as number) + (shares[i] as number);
      while ((credit[i] as number) >= 1) {
        credit[i] = (credit[i] as number) - 1;
        const skip = skips[i] as number;
        let entry = position[i] as number;
        while (table[entry] !== empty) {
          entry += skip;
          if (entry >= size) entry -= size;
        }
        table[entry] = i;
        entry += skip;
        position[i] = entry >= size ? entry - size : entry;
        if (++filled === size) return table;
      }
    }
  }
}

function isPrime(value: number): boolean {
  if (value < 2) return false;
  for (let divisor = 2; divisor * divisor <= value; divisor++) if (value % divisor === 0) return false;
  return true;
}
