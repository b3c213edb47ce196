import type { Random } from '../runtime/random.js';
import { invalidOption } from '../errors.js';
import { type LatencyDistribution, describeLatency, latencySampler } from './latency.js';

/**
 * The simulated network between nodes (and between clients and nodes).
 *
 * @example
 * ```ts
 * const network: NetworkOptions = {
 *   latency: { distribution: 'lognormal', medianMs: 1, sigma: 0.5 },
 *   lossProbability: 0.01,
 *   reorder: true,
 *   regions: { nodes: ['eu', 'eu', 'us'], latency: { eu: { us: { distribution: 'normal', meanMs: 80, sdMs: 5 } } } },
 * };
 * ```
 */
export interface NetworkOptions {
  /** Node-to-node latency. Default: lognormal with median 1 ms and σ 0.5. */
  readonly latency?: LatencyDistribution;
  /**
   * Regions: `nodes[i]` is node i's region; `latency[a][b]` the latency from region a to b (the
   * matrix is symmetric unless both directions are given). Pairs not in the matrix use `latency`.
   */
  readonly regions?: {
    readonly nodes: readonly string[];
    readonly latency: Readonly<Record<string, Readonly<Record<string, LatencyDistribution>>>>;
  };
  /** Client-to-node (and back) latency. Default: 0 (clients sit next to the node they call). */
  readonly clientLatency?: LatencyDistribution;
  /** Probability that a node-to-node message is lost. Default 0. */
  readonly lossProbability?: number;
  /** Probability that a node-to-node message is delivered twice. Default 0. */
  readonly duplicateProbability?: number;
  /**
   * Whether messages on one link may overtake each other. Default false: each link is FIFO (as
   * over TCP), so a message is never delivered before one sent earlier on the same link.
   */
  readonly reorder?: boolean;
}

const DEFAULT_LATENCY: LatencyDistribution = { distribution: 'lognormal', medianMs: 1, sigma: 0.5 };
const ZERO: LatencyDistribution = { distribution: 'constant', ms: 0 };

/**
 * Links, latencies, loss, duplication, reordering and partitions among `nodeCount` nodes, plus
 * `clientCount` clients (addresses `nodeCount` and above) that reach every node without loss or
 * partition. {@link Network.route} decides whether and when a message arrives.
 *
 * @example
 * ```ts
 * const network = new Network({ nodeCount: 3, clientCount: 1, random: new Random(1) });
 * network.partition([[0], [1, 2]]);
 * network.route(0, 1, 0); // 0 copies: the link is cut
 * network.heal();
 * ```
 */
export class Network {
  readonly nodeCount: number;
  readonly clientCount: number;
  /** After {@link route}: the arrival time of the first copy. */
  firstArrivalMs = 0;
  /** After {@link route} returned 2: the arrival time of the duplicate. */
  secondArrivalMs = 0;
  private readonly random: Random;
  private readonly samplers: Array<(random: Random) => number>;
  private readonly clientSampler: (random: Random) => number;
  private readonly clientLatencyIsZero: boolean;
  private readonly blockedLinks: Uint8Array;
  private readonly lastArrivalMs: Float64Array;
  private readonly extraLatencyMs: Float64Array;
  private readonly lossProbability: number;
  private readonly duplicateProbability: number;
  private readonly reorder: boolean;
  private blockedCount = 0;
  /** Message faults of the nemesis, per node (they apply to every link of the node); counts of nodes with one, to skip the checks. */
  private readonly lossByNode: Float64Array;
  private readonly duplicateByNode: Float64Array;
  private readonly reorderByNode: Uint8Array;
  private nodesWithLoss = 0;
  private nodesWithDuplicates = 0;
  private nodesReordering = 0;

  constructor(options: NetworkOptions & { readonly nodeCount: number; readonly clientCount: number; readonly random: Random }) {
    const { nodeCount, clientCount } = options;
    if (!Number.isInteger(nodeCount) || nodeCount < 1) throw invalidOption('nodeCount', nodeCount, 'an integer >= 1');
    this.nodeCount = nodeCount;
    this.clientCount = clientCount;
    this.random = options.random;
    this.lossProbability = probability('lossProbability', options.lossProbability ?? 0);
    this.duplicateProbability = probability('duplicateProbability', options.duplicateProbability ?? 0);
    this.reorder = options.reorder ?? false;
    const base = latencySampler(options.latency ?? DEFAULT_LATENCY);
    this.samplers = new Array<(random: Random) => number>(nodeCount * nodeCount).fill(base);
    const regions = options.regions;
    if (regions !== undefined) {
      if (regions.nodes.length !== nodeCount) throw invalidOption('regions.nodes', regions.nodes.length, `one region per node (${nodeCount})`);
      for (let from = 0; from < nodeCount; from++) {
        for (let to = 0; to < nodeCount; to++) {
          const a = regions.nodes[from] as string;
          const b = regions.nodes[to] as string;
          const latency = regions.latency[a]?.[b] ?? regions.latency[b]?.[a];
          if (latency !== undefined) this.samplers[from * nodeCount + to] = latencySampler(latency);
        }
      }
    }
    const clientLatency = options.clientLatency ?? ZERO;
    this.clientSampler = latencySampler(clientLatency);
    this.clientLatencyIsZero = clientLatency.distribution === 'constant' && clientLatency.ms === 0;
    this.blockedLinks = new Uint8Array(nodeCount * nodeCount);
    const addresses = nodeCount + clientCount;
    this.lastArrivalMs = new Float64Array(addresses * addresses);
    this.extraLatencyMs = new Float64Array(nodeCount);
    this.lossByNode = new Float64Array(nodeCount);
    this.duplicateByNode = new Float64Array(nodeCount);
    this.reorderByNode = new Uint8Array(nodeCount);
  }

  /**
   * Decides the fate of a message sent at `nowMs`: returns how many copies arrive (0 lost or cut,
   * 1, or 2 duplicated), with their times in {@link firstArrivalMs} and {@link secondArrivalMs}.
   */
  route(from: number, to: number, nowMs: number): number {
    const nodes = this.nodeCount;
    if (from >= nodes || to >= nodes) {
      // Client links: never lost, never cut, FIFO.
      if (this.clientLatencyIsZero) {
        this.firstArrivalMs = nowMs;
        return 1;
      }
      const node = from >= nodes ? to : from;
      const arrival = nowMs + this.clientSampler(this.random) + (this.extraLatencyMs[node] as number);
      this.firstArrivalMs = this.fifo(from, to, arrival);
      return 1;
    }
    if (this.blockedCount > 0 && this.blockedLinks[from * nodes + to] === 1) return 0;
    if (this.lossProbability > 0 && this.random.float() < this.lossProbability) return 0;
    // The nemesis's message faults draw only on the links they touch, so other runs' draws are unchanged.
    if (this.nodesWithLoss > 0) {
      const loss = Math.max(this.lossByNode[from] as number, this.lossByNode[to] as number);
      if (loss > 0 && this.random.float() < loss) return 0;
    }
    const extra = (this.extraLatencyMs[from] as number) + (this.extraLatencyMs[to] as number);
    const sampler = this.samplers[from * nodes + to] as (random: Random) => number;
    const unordered = this.nodesReordering > 0 && (this.reorderByNode[from] === 1 || this.reorderByNode[to] === 1);
    const first = nowMs + sampler(this.random) + extra;
    this.firstArrivalMs = unordered ? first : this.fifo(from, to, first);
    let duplicate = this.duplicateProbability > 0 && this.random.float() < this.duplicateProbability;
    if (!duplicate && this.nodesWithDuplicates > 0) {
      const probability = Math.max(this.duplicateByNode[from] as number, this.duplicateByNode[to] as number);
      duplicate = probability > 0 && this.random.float() < probability;
    }
    if (duplicate) {
      const second = nowMs + sampler(this.random) + extra;
      this.secondArrivalMs = unordered ? second : this.fifo(from, to, second);
      return 2;
    }
    return 1;
  }

  /** Whether messages from `from` to `to` are cut right now (client links never are). */
  isBlocked(from: number, to: number): boolean {
    const nodes = this.nodeCount;
    return from < nodes && to < nodes && this.blockedLinks[from * nodes + to] === 1;
  }

  /** Cuts every link between different groups, both ways. Nodes in no group keep their links to everyone. */
  partition(groups: ReadonlyArray<readonly number[]>): void {
    const groupOf = new Int32Array(this.nodeCount).fill(-1);
    groups.forEach((group, index) => {
      for (const node of group) groupOf[this.checkNode(node)] = index;
    });
    for (let a = 0; a < this.nodeCount; a++) {
      for (let b = 0; b < this.nodeCount; b++) {
        const ga = groupOf[a] as number;
        const gb = groupOf[b] as number;
        if (ga >= 0 && gb >= 0 && ga !== gb) this.block(a, b);
      }
    }
  }

  /** Cuts the links from each of `from` to each of `to` (one way: replies still flow back). */
  partitionOneWay(from: readonly number[], to: readonly number[]): void {
    for (const a of from) for (const b of to) if (this.checkNode(a) !== this.checkNode(b)) this.block(a, b);
  }

  /** Cuts every link to and from `node`. */
  isolate(node: number): void {
    this.checkNode(node);
    for (let other = 0; other < this.nodeCount; other++) {
      if (other !== node) {
        this.block(node, other);
        this.block(other, node);
      }
    }
  }

  /** Restores every link. */
  heal(): void {
    this.blockedLinks.fill(0);
    this.blockedCount = 0;
  }

  /** Adds `extraMs` to every message to or from `node` (a latency spike); 0 ends it. */
  setExtraLatency(node: number, extraMs: number): void {
    this.extraLatencyMs[this.checkNode(node)] = extraMs;
  }

  /** Loses messages to or from `node` with probability `chance` (0 ends it). */
  setMessageLoss(node: number, chance: number): void {
    this.checkNode(node);
    const value = probability('message-loss probability', chance);
    this.nodesWithLoss += (value > 0 ? 1 : 0) - ((this.lossByNode[node] as number) > 0 ? 1 : 0);
    this.lossByNode[node] = value;
  }

  /** Duplicates messages to or from `node` with probability `chance` (0 ends it). */
  setMessageDuplication(node: number, chance: number): void {
    this.checkNode(node);
    const value = probability('message-duplication probability', chance);
    this.nodesWithDuplicates += (value > 0 ? 1 : 0) - ((this.duplicateByNode[node] as number) > 0 ? 1 : 0);
    this.duplicateByNode[node] = value;
  }

  /** Lets messages to or from `node` overtake each other (false: FIFO again, for messages sent from now on). */
  setReorder(node: number, reorder: boolean): void {
    this.checkNode(node);
    this.nodesReordering += (reorder ? 1 : 0) - (this.reorderByNode[node] === 1 ? 1 : 0);
    this.reorderByNode[node] = reorder ? 1 : 0;
  }

  private block(from: number, to: number): void {
    const index = from * this.nodeCount + to;
    if (this.blockedLinks[index] === 0) {
      this.blockedLinks[index] = 1;
      this.blockedCount++;
    }
  }

  private fifo(from: number, to: number, arrivalMs: number): number {
    if (this.reorder) return arrivalMs;
    const index = from * (this.nodeCount + this.clientCount) + to;
    const earliest = this.lastArrivalMs[index] as number;
    const arrival = arrivalMs < earliest ? earliest : arrivalMs;
    this.lastArrivalMs[index] = arrival;
    return arrival;
  }

  private checkNode(node: number): number {
    if (!Number.isInteger(node) || node < 0 || node >= this.nodeCount) throw invalidOption('node', node, `a node from 0 to ${this.nodeCount - 1}`);
    return node;
  }
}

function probability(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw invalidOption(name, value, 'a probability in [0, 1]');
  return value;
}

/**
 * A network's settings in words, every default made explicit (for reports).
 *
 * @example
 * ```ts
 * const description: NetworkDescription = describeNetwork({ reorder: true });
 * ```
 */
export interface NetworkDescription {
  readonly latency: string;
  readonly clientLatency: string;
  readonly lossProbability: number;
  readonly duplicateProbability: number;
  readonly reorder: boolean;
  readonly regions?: string;
}

/**
 * Describes a network's settings, defaults included.
 *
 * @example
 * ```ts
 * describeNetwork({}).latency; // 'lognormal(median 1ms, σ 0.5)'
 * ```
 */
export function describeNetwork(options: NetworkOptions): NetworkDescription {
  const regions = options.regions;
  return {
    latency: describeLatency(options.latency ?? DEFAULT_LATENCY),
    clientLatency: describeLatency(options.clientLatency ?? ZERO),
    lossProbability: options.lossProbability ?? 0,
    duplicateProbability: options.duplicateProbability ?? 0,
    reorder: options.reorder ?? false,
    ...(regions === undefined
      ? {}
      : {
          regions: `${regions.nodes.map((region, node) => `${node}:${region}`).join(' ')}; ${Object.entries(regions.latency)
            .flatMap(([from, row]) => Object.entries(row).map(([to, latency]) => `${from}→${to} ${describeLatency(latency)}`))
            .join(', ')}`,
        }),
  };
}
