/**
 * Quorum arithmetic for leaderless (Dynamo-style) replication: N copies, writes wait for W
 * acknowledgements, reads for R replies. What overlaps, what survives how many failures, what
 * each operation waits for, and the consistency it honestly gives.
 *
 * Definitions (checked by brute force over every subset in `quorum.test.ts` for N ≤ 9):
 * - every read quorum meets every write quorum ⇔ W + R > N (pigeonhole: |A ∩ B| ≥ W + R − N);
 * - every two write quorums meet ⇔ 2W > N;
 * - writes stay available with up to N − W replicas down, reads with up to N − R.
 */
import { invalidOption } from '../errors.js';
import type { ConsistencyModel } from './engines/types.js';

/**
 * The largest N accepted; larger replica counts are not a quorum-system design anyone runs.
 *
 * @example
 * ```ts
 * analyzeQuorum({ n: maxQuorumReplicas + 1, w: 1, r: 1 }); // RangeError: Invalid option n
 * ```
 */
export const maxQuorumReplicas = 1_000;

/** What {@link analyzeQuorum} takes. */
export interface QuorumInput {
  /** Copies of each item (the replication factor). */
  readonly n: number;
  /** Acknowledgements a write waits for. */
  readonly w: number;
  /** Replies a read waits for. */
  readonly r: number;
  /**
   * Sloppy quorum with hinted handoff: when home replicas are unreachable, writes land on
   * fallback nodes outside the item's N home replicas, so W + R > N no longer forces overlap.
   */
  readonly sloppy?: boolean;
  /**
   * The read coordinator writes the value it returns back to a write quorum before returning
   * (ABD-style, blocking read repair), so a later read can never see an older value.
   */
  readonly writeBackOnRead?: boolean;
}

/**
 * The register semantics a quorum configuration gives (Lamport's hierarchy):
 * - `linearizable` (atomic): reads and writes appear to take effect at one instant between call and return;
 * - `regular`: a read returns the last write that completed before it began, or one concurrent with it
 *   (two reads concurrent with one write may see new, then old: a "new/old inversion");
 * - `none`: a read may miss a completed write (stale reads); convergence is eventual at best.
 */
export type QuorumGuarantee = 'linearizable' | 'regular' | 'none';

/** Which response an operation waits for, as an order statistic of the replicas' response times. */
export interface QuorumWait {
  /** The operation returns on the `fastest`-th fastest response ... */
  readonly fastest: number;
  /** ... of this many replicas (the coordinator is a separate process: a client library or proxy). */
  readonly of: number;
  /**
   * When the coordinator is itself one of the N replicas (Cassandra, Riak, Dynamo), its own copy
   * answers at once, so it waits for the (k − 1)-th fastest of the other N − 1; `fastest` is 0
   * when k = 1 (no network wait at all).
   */
  readonly coordinatorIsReplica: { readonly fastest: number; readonly of: number };
  /** One line: e.g. "the 3rd fastest of 5 replicas (the median)". */
  readonly description: string;
}

/** The result of {@link analyzeQuorum}. */
export interface QuorumAnalysis {
  readonly n: number;
  readonly w: number;
  readonly r: number;
  readonly sloppy: boolean;
  readonly writeBackOnRead: boolean;
  /** Every read quorum shares a replica with every write quorum: W + R > N. */
  readonly readWriteOverlap: boolean;
  /** Replicas every read quorum shares with every write quorum, at least: max(0, W + R − N). */
  readonly readWriteOverlapMinimum: number;
  /** Every two write quorums share a replica: 2W > N (W > N/2). */
  readonly writeWriteOverlap: boolean;
  /** Replicas any two write quorums share, at least: max(0, 2W − N). */
  readonly writeWriteOverlapMinimum: number;
  /** Replicas that may be down (crashed or unreachable) while writes still succeed: N − W. */
  readonly writeFailuresTolerated: number;
  /** Replicas that may be down while reads still succeed: N − R. */
  readonly readFailuresTolerated: number;
  /** Replicas that may be down while both reads and writes succeed: N − max(W, R). */
  readonly failuresToleratedByBoth: number;
  /** What a write waits for. */
  readonly writeWait: QuorumWait;
  /** What a read waits for. */
  readonly readWait: QuorumWait;
  /** The register semantics these settings give. */
  readonly guarantee: QuorumGuarantee;
  /**
   * The strongest model of the advisor's vocabulary the settings deliver: `linearizable`,
   * `read-your-writes` for a regular register (a read that starts after a write completes sees
   * it, but monotonic reads can break under concurrency), `eventual` otherwise.
   */
  readonly deliveredModel: ConsistencyModel;
  /** One sentence: the verdict. */
  readonly summary: string;
  /** What the arithmetic does not say: the conditions the guarantee depends on. */
  readonly caveats: readonly string[];
}

/**
 * Analyses an N/W/R quorum configuration: overlap of read and write quorums (W + R > N) and of
 * two write quorums (2W > N), failures tolerated, which order statistic of replica latency reads
 * and writes wait for, and the register semantics it gives. Strict overlapping quorums give a
 * regular register; linearizable reads also need ABD-style write-back on reads and strict
 * quorums (no sloppy quorum or hinted handoff). W + R ≤ N gives no guarantee.
 *
 * @throws RangeError when N, W or R are not whole numbers with 1 ≤ W, R ≤ N ≤ 1000.
 * @example
 * ```ts
 * import { analyzeQuorum } from 'pacelc/advisor';
 * const balanced = analyzeQuorum({ n: 5, w: 3, r: 2 });
 * balanced.readWriteOverlap; // false: 3 + 2 = 5 is not > 5, a read can miss the last write
 * const majority = analyzeQuorum({ n: 5, w: 3, r: 3, writeBackOnRead: true });
 * majority.guarantee; // 'linearizable'
 * ```
 */
export function analyzeQuorum(input: QuorumInput): QuorumAnalysis {
  const { n, w, r } = validateQuorum(input);
  const sloppy = input.sloppy ?? false;
  const writeBackOnRead = input.writeBackOnRead ?? false;
  const readWriteOverlap = w + r > n;
  const writeWriteOverlap = 2 * w > n;
  const guarantee: QuorumGuarantee = !readWriteOverlap || sloppy ? 'none' : writeBackOnRead ? 'linearizable' : 'regular';
  const deliveredModel: ConsistencyModel =
    guarantee === 'linearizable' ? 'linearizable' : guarantee === 'regular' ? 'read-your-writes' : 'eventual';
  const analysis = {
    n,
    w,
    r,
    sloppy,
    writeBackOnRead,
    readWriteOverlap,
    readWriteOverlapMinimum: Math.max(0, w + r - n),
    writeWriteOverlap,
    writeWriteOverlapMinimum: Math.max(0, 2 * w - n),
    writeFailuresTolerated: n - w,
    readFailuresTolerated: n - r,
    failuresToleratedByBoth: n - Math.max(w, r),
    writeWait: quorumWait(w, n),
    readWait: quorumWait(r, n),
    guarantee,
    deliveredModel,
  };
  return { ...analysis, summary: summarize(analysis), caveats: caveatsOf(analysis) };
}

function validateQuorum(input: QuorumInput): { n: number; w: number; r: number } {
  if (typeof input !== 'object' || input === null) throw invalidOption('quorum', input, 'an object { n, w, r }');
  const { n, w, r } = input;
  if (!Number.isInteger(n) || n < 1 || n > maxQuorumReplicas) throw invalidOption('n', n, `a whole number of replicas from 1 to ${maxQuorumReplicas}`);
  if (!Number.isInteger(w) || w < 1 || w > n) throw invalidOption('w', w, `a whole number of write acknowledgements from 1 to n (${n})`);
  if (!Number.isInteger(r) || r < 1 || r > n) throw invalidOption('r', r, `a whole number of read replies from 1 to n (${n})`);
  for (const flag of ['sloppy', 'writeBackOnRead'] as const) {
    const value = input[flag];
    if (value !== undefined && typeof value !== 'boolean') throw invalidOption(flag, value, 'a boolean');
  }
  return { n, w, r };
}

/**
 * An English ordinal for reports.
 *
 * @example
 * ```ts
 * [1, 2, 3, 4, 11, 21].map(ordinal); // ['1st', '2nd', '3rd', '4th', '11th', '21st']
 * ```
 */
export function ordinal(k: number): string {
  const lastTwo = k % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${k}th`;
  switch (k % 10) {
    case 1:
      return `${k}st`;
    case 2:
      return `${k}nd`;
    case 3:
      return `${k}rd`;
    default:
      return `${k}th`;
  }
}

function quorumWait(k: number, n: number): QuorumWait {
  const name = k === 1 ? 'the fastest' : k === n ? 'the slowest' : `the ${ordinal(k)} fastest`;
  const median = n >= 3 && n % 2 === 1 && k === (n + 1) / 2 ? ' (the median)' : '';
  return {
    fastest: k,
    of: n,
    coordinatorIsReplica: { fastest: k - 1, of: n - 1 },
    description: n === 1 ? 'the only replica' : `${name} of ${n} replicas${median}`,
  };
}

type AnalysisCore = Omit<QuorumAnalysis, 'summary' | 'caveats'>;

function summarize(a: AnalysisCore): string {
  const sum = `W + R = ${a.w} + ${a.r} = ${a.w + a.r}`;
  if (!a.readWriteOverlap) {
    return `${sum} ≤ N = ${a.n}: a read quorum can miss the latest write entirely; stale reads are possible, no consistency guarantee (eventual at best).`;
  }
  if (a.sloppy) {
    return `${sum} > N = ${a.n}, but the quorum is sloppy: writes may land outside the home replicas, so reads can miss them; no guarantee (eventual).`;
  }
  if (a.guarantee === 'linearizable') {
    return `${sum} > N = ${a.n} with strict quorums and write-back on reads (ABD): linearizable reads and writes of a single register.`;
  }
  return `${sum} > N = ${a.n}: every read quorum meets every write quorum, so reads see the last completed write (regular register), but not linearizable without write-back on reads.`;
}

function caveatsOf(a: AnalysisCore): string[] {
  const caveats: string[] = [];
  if (!a.readWriteOverlap) {
    const missing = a.n - a.w + 1 - a.r;
    caveats.push(
      `A read can be served entirely by replicas the last write did not reach: raise R to ${a.r + missing} (or W to ${a.w + missing}) so that W + R > N.`,
    );
  }
  if (a.sloppy && a.readWriteOverlap) {
    caveats.push(
      'Sloppy quorum with hinted handoff: during failures or partitions a write is acknowledged by fallback nodes outside the N home replicas, and a read of the home replicas misses it until the hints are handed off. Count it as eventual, never as strong.',
    );
  }
  if (a.readWriteOverlap && !a.sloppy && !a.writeBackOnRead) {
    caveats.push(
      'Overlap alone gives a regular register, not linearizability: while a write is in flight one read can see the new value and a later read the old one (new/old inversion). Reads must write the value they return back to a write quorum before returning (ABD) for linearizable reads.',
    );
  }
  if (a.writeBackOnRead && !a.readWriteOverlap) {
    caveats.push('Write-back on reads does not help while W + R ≤ N: the read may never see the latest write to write it back.');
  }
  if (a.writeBackOnRead && a.readWriteOverlap && a.sloppy) {
    caveats.push('Write-back on reads does not help with a sloppy quorum: the read can still miss writes held by fallback nodes.');
  }
  if (!a.writeWriteOverlap) {
    caveats.push(
      `2W = ${2 * a.w} ≤ N = ${a.n}: two writes can be acknowledged by disjoint replica sets (for instance on the two sides of a partition) without either seeing the other; conflicts surface only later and are settled by timestamps (last-writer-wins) or kept as siblings. No compare-and-set can be safe on such quorums.`,
    );
  }
  if (a.guarantee !== 'none') {
    caveats.push(
      'Versions must be ordered consistently: with several writers each write should first read a quorum for the highest version (multi-writer ABD, two round trips). Client wall-clock timestamps (last-writer-wins) under clock skew can order a later write before an earlier one and silently drop it.',
    );
    caveats.push(
      'The guarantee is per key (a single register): quorums do not make multi-key reads or transactions atomic, and read repair or anti-entropy do not strengthen it, they only speed up convergence.',
    );
  }
  if (a.w === a.n) caveats.push(`W = N: a single replica down blocks every write.`);
  if (a.r === a.n) caveats.push(`R = N: a single replica down blocks every read.`);
  if (a.w === 1) caveats.push('W = 1: an acknowledged write lives on one replica until it propagates; losing that replica loses it.');
  if (a.n % 2 === 0 && a.writeWriteOverlap && a.w === a.n / 2 + 1) {
    caveats.push(
      `N = ${a.n} is even: a majority of ${a.w} tolerates ${a.n - a.w} failure${a.n - a.w === 1 ? '' : 's'}, no more than N = ${a.n - 1} would, at the cost of one more copy.`,
    );
  }
  return caveats;
}

// ---------------------------------------------------------------------------------------------
// Latency: the k-th order statistic of N independent replica response times.

/** A latency distribution given by its quantile function (inverse CDF), in milliseconds. */
export interface LatencyDistribution {
  /** The latency, in ms, below which a fraction `p` (0 < p < 1) of responses fall. */
  quantileMs(p: number): number;
  /**
   * The fraction of responses faster than `ms` (the CDF). Needed only when replicas have
   * different distributions (placements across regions).
   */
  cdfMs?(ms: number): number;
  /** A short description for reports, e.g. "lognormal, median 5 ms, p99 50 ms". */
  readonly description: string;
}

/**
 * A log-normal latency distribution fitted to a median and a p99, the usual shape of a
 * replica's response time.
 *
 * @throws RangeError unless 0 < medianMs < p99Ms.
 * @example
 * ```ts
 * const replica = lognormalLatency({ medianMs: 2, p99Ms: 40 });
 * replica.quantileMs(0.99); // 40
 * ```
 */
export function lognormalLatency(options: { readonly medianMs: number; readonly p99Ms: number }): LatencyDistribution {
  const { medianMs, p99Ms } = options;
  if (!(medianMs > 0) || !Number.isFinite(medianMs)) throw invalidOption('medianMs', medianMs, 'a finite number > 0');
  if (!(p99Ms > medianMs) || !Number.isFinite(p99Ms)) throw invalidOption('p99Ms', p99Ms, `a finite number > medianMs (${medianMs})`);
  const mu = Math.log(medianMs);
  const sigma = (Math.log(p99Ms) - mu) / inverseStandardNormal(0.99);
  return {
    quantileMs: (p) => Math.exp(mu + sigma * inverseStandardNormal(p)),
    cdfMs: (ms) => (ms <= 0 ? 0 : standardNormalCdf((Math.log(ms) - mu) / sigma)),
    description: `lognormal, median ${medianMs} ms, p99 ${p99Ms} ms`,
  };
}

/**
 * The standard normal CDF, Φ(x), through the complementary error function (fractional error
 * below 1.2e-7).
 *
 * @example
 * ```ts
 * standardNormalCdf(1.959964); // ≈ 0.975
 * ```
 */
export function standardNormalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * The probability that at least `k` of several independent events happen, each with its own
 * probability (the Poisson-binomial tail): at a latency x, the chance that k replicas with
 * different latency distributions have all answered.
 *
 * @example
 * ```ts
 * atLeastKOf(2, [1, 0.5, 0]); // 0.5
 * ```
 */
export function atLeastKOf(k: number, probabilities: readonly number[]): number {
  if (k <= 0) return 1;
  if (k > probabilities.length) return 0;
  // exactly[j] = P(exactly j of the events so far happened).
  let exactly = [1];
  for (const p of probabilities) {
    const next = new Array<number>(exactly.length + 1).fill(0);
    exactly.forEach((value, j) => {
      next[j] = (next[j] ?? 0) + value * (1 - p);
      next[j + 1] = (next[j + 1] ?? 0) + value * p;
    });
    exactly = next;
  }
  let total = 0;
  for (let j = k; j < exactly.length; j += 1) total += exactly[j] ?? 0;
  return Math.min(1, Math.max(0, total));
}

/**
 * The q-quantile of the k-th fastest response of replicas with different latency distributions
 * (for instance two replicas in the coordinator's region and three across an ocean): the latency x
 * where P(at least k replicas answered by x) = q. Every distribution needs `cdfMs`.
 *
 * @example
 * ```ts
 * const near = lognormalLatency({ medianMs: 1, p99Ms: 10 });
 * const far = lognormalLatency({ medianMs: 80, p99Ms: 120 });
 * placedOrderStatisticQuantileMs({ k: 3, replicas: [near, near, far, far, far], q: 0.5 }); // ≈ 69: the third answer comes from across the ocean
 * ```
 */
export function placedOrderStatisticQuantileMs(options: { readonly k: number; readonly replicas: readonly LatencyDistribution[]; readonly q: number }): number {
  const { k, replicas, q } = options;
  if (replicas.length < 1) throw invalidOption('replicas', replicas, 'at least one latency distribution');
  if (!Number.isInteger(k) || k < 0 || k > replicas.length) throw invalidOption('k', k, `a whole number from 0 to the number of replicas (${replicas.length})`);
  if (!(q > 0 && q < 1)) throw invalidOption('q', q, 'a probability strictly between 0 and 1');
  const cdfs = replicas.map((replica, index) => {
    const cdf = replica.cdfMs?.bind(replica);
    if (cdf === undefined) throw invalidOption(`replicas[${index}]`, replica.description, 'a latency distribution with cdfMs');
    return cdf;
  });
  if (k === 0) return 0;
  let low = 0;
  let high = Math.max(...replicas.map((replica) => replica.quantileMs(1 - 1e-12)));
  for (let step = 0; step < 200 && high - low > 1e-9 * Math.max(1, high); step += 1) {
    const middle = (low + high) / 2;
    if (atLeastKOf(k, cdfs.map((cdf) => cdf(middle))) < q) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/**
 * The probability that at least `k` of `n` independent trials with success probability `p`
 * succeed: the CDF of the k-th fastest of n responses at a latency where one response has
 * probability p of having arrived.
 *
 * @example
 * ```ts
 * atLeastKOfN(2, 3, 0.5); // 0.5: the median of three fair coins
 * ```
 */
export function atLeastKOfN(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // In log space: (1 − p)^n underflows for large n and p near 1.
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let logChoose = 0; // log C(n, j), built up from j = 0
  let total = 0;
  for (let j = 0; j <= n; j += 1) {
    if (j >= k) total += Math.exp(logChoose + j * logP + (n - j) * logQ);
    logChoose += Math.log(n - j) - Math.log(j + 1);
  }
  return Math.min(1, total);
}

/**
 * The q-quantile of the k-th fastest of n independent responses from `distribution`, exactly
 * (no sampling): the latency x where P(at least k of n responses arrived by x) = q.
 *
 * @example
 * ```ts
 * const replica = lognormalLatency({ medianMs: 2, p99Ms: 40 });
 * orderStatisticQuantileMs({ k: 3, n: 5, q: 0.99, distribution: replica }); // ≈ 9.5: well below one replica's p99
 * ```
 */
export function orderStatisticQuantileMs(options: {
  readonly k: number;
  readonly n: number;
  readonly q: number;
  readonly distribution: LatencyDistribution;
}): number {
  const { k, n, q, distribution } = options;
  if (!Number.isInteger(n) || n < 1) throw invalidOption('n', n, 'a whole number ≥ 1');
  if (!Number.isInteger(k) || k < 0 || k > n) throw invalidOption('k', k, `a whole number from 0 to n (${n})`);
  if (!(q > 0 && q < 1)) throw invalidOption('q', q, 'a probability strictly between 0 and 1');
  if (k === 0) return 0;
  // Bisection on the per-response probability p: P(at least k of n by F⁻¹(p)) increases with p.
  let low = 0;
  let high = 1;
  for (let step = 0; step < 200 && high - low > 1e-15; step += 1) {
    const middle = (low + high) / 2;
    if (atLeastKOfN(k, n, middle) < q) low = middle;
    else high = middle;
  }
  return distribution.quantileMs(Math.min(Math.max((low + high) / 2, 1e-15), 1 - 1e-15));
}

/** Latency percentiles of one quorum operation. */
export interface QuorumLatency {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
}

/** Latency estimates of a quorum's reads and writes, from the replicas' latency distribution. */
export interface QuorumLatencyEstimate {
  /** The replicas' latency, in words. */
  readonly distribution: string;
  /** Whether the coordinator is itself a replica (its own copy answers at once). */
  readonly coordinatorIsReplica: boolean;
  readonly write: QuorumLatency;
  readonly read: QuorumLatency;
  /** One replica alone (the first listed, with per-replica distributions), for comparison. */
  readonly singleReplica: QuorumLatency;
}

/**
 * Estimates the latency of a quorum's reads and writes: each waits for the W-th (R-th) fastest
 * of N independent replica response times, drawn from one `distribution` or, for placements
 * across regions, from one distribution per replica (`replicas`). Exact order statistics, not a
 * simulation. Assumes independent replicas; correlated slowness (a shared switch, a GC storm)
 * makes real tails worse.
 *
 * @example
 * ```ts
 * const estimate = estimateQuorumLatency({ n: 5, w: 3, r: 3 }, { distribution: lognormalLatency({ medianMs: 2, p99Ms: 40 }) });
 * estimate.write.p99Ms < estimate.singleReplica.p99Ms; // true: waiting for 3 of 5 hides the slowest two
 *
 * const near = lognormalLatency({ medianMs: 1, p99Ms: 10 });
 * const far = lognormalLatency({ medianMs: 70, p99Ms: 110 });
 * estimateQuorumLatency({ n: 5, w: 3, r: 3 }, { replicas: [near, near, far, far, far] }).write.p50Ms; // ≈ 60: a majority needs the far region
 * ```
 */
export function estimateQuorumLatency(quorum: QuorumInput, options: QuorumLatencyOptions): QuorumLatencyEstimate {
  const { n, w, r } = validateQuorum(quorum);
  const coordinatorIsReplica = options.coordinatorIsReplica ?? false;
  const quantiles = [0.5, 0.99, 0.999] as const;
  const latency = (at: (q: number) => number): QuorumLatency => {
    const [p50Ms, p99Ms, p999Ms] = quantiles.map(at) as [number, number, number];
    return { p50Ms, p99Ms, p999Ms };
  };
  if (options.replicas !== undefined) {
    if (options.distribution !== undefined) throw invalidOption('distribution', options.distribution.description, 'absent when replicas are given');
    const replicas = options.replicas;
    if (replicas.length !== n) throw invalidOption('replicas', `${replicas.length} distributions`, `one latency distribution per replica (${n})`);
    // The coordinator's own copy is the first replica listed: it answers at once.
    const others = coordinatorIsReplica ? replicas.slice(1) : replicas;
    const wait = (k: number): QuorumLatency => {
      const needed = coordinatorIsReplica ? k - 1 : k;
      return needed === 0 ? latency(() => 0) : latency((q) => placedOrderStatisticQuantileMs({ k: needed, replicas: others, q }));
    };
    const first = replicas[0] as LatencyDistribution;
    return { distribution: describePlacement(replicas), coordinatorIsReplica, write: wait(w), read: wait(r), singleReplica: latency((q) => first.quantileMs(q)) };
  }
  const distribution = options.distribution;
  if (distribution === undefined) throw invalidOption('distribution', undefined, 'a latency distribution (or replicas, one per replica)');
  const percentiles = (k: number, of: number): QuorumLatency => latency((q) => orderStatisticQuantileMs({ k, n: of, q, distribution }));
  const wait = (k: number): QuorumLatency => (coordinatorIsReplica ? (n === 1 ? percentiles(0, 1) : percentiles(k - 1, n - 1)) : percentiles(k, n));
  return {
    distribution: distribution.description,
    coordinatorIsReplica,
    write: wait(w),
    read: wait(r),
    singleReplica: percentiles(1, 1),
  };
}

/** Options of {@link estimateQuorumLatency}: one distribution for every replica, or one per replica. */
export interface QuorumLatencyOptions {
  /** Every replica's response time (independent, identically distributed). */
  readonly distribution?: LatencyDistribution;
  /**
   * One distribution per replica, for placements across regions (each needs `cdfMs`). When the
   * coordinator is a replica, it holds the first one.
   */
  readonly replicas?: readonly LatencyDistribution[];
  /** The coordinator holds one of the N copies, which answers at once. */
  readonly coordinatorIsReplica?: boolean;
}

function describePlacement(replicas: readonly LatencyDistribution[]): string {
  const counts = new Map<string, number>();
  for (const replica of replicas) counts.set(replica.description, (counts.get(replica.description) ?? 0) + 1);
  return [...counts].map(([description, count]) => `${count} × ${description}`).join('; ');
}

/**
 * The inverse of the standard normal CDF (Acklam's rational approximation, relative error below
 * 1.15e-9), for 0 < p < 1.
 *
 * @example
 * ```ts
 * inverseStandardNormal(0.99); // ≈ 2.3263
 * ```
 */
export function inverseStandardNormal(p: number): number {
  if (!(p > 0 && p < 1)) throw invalidOption('p', p, 'a probability strictly between 0 and 1');
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const s = q * q;
  return ((((((a0 * s + a1) * s + a2) * s + a3) * s + a4) * s + a5) * q) / (((((b0 * s + b1) * s + b2) * s + b3) * s + b4) * s + 1);
}
