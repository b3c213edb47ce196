/** Buckets per power of two (the upper half of HdrHistogram's sub-buckets): < 1/64 ≈ 1.6% relative error. */
const SUB_BUCKET_HALF = 64;
const SUB_BUCKET_COUNT = 2 * SUB_BUCKET_HALF;
/** Values are recorded in microseconds, up to 2^36 µs (about 19 hours). */
const MAX_EXPONENT = 36 - 7;
const BUCKET_COUNT = SUB_BUCKET_COUNT + MAX_EXPONENT * SUB_BUCKET_HALF;

/**
 * A latency histogram in the manner of HdrHistogram: log-bucketed with 64 linear sub-buckets per
 * power of two, so any percentile is within 1.6% of the true value, in constant memory (14 KB)
 * whatever the number of samples. Values are milliseconds, kept at microsecond resolution.
 *
 * @example
 * ```ts
 * const histogram = new LatencyHistogram();
 * histogram.record(1.2);
 * histogram.record(35);
 * histogram.percentile(99); // ≈ 35
 * ```
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKET_COUNT);
  private total = 0;
  private sumMs = 0;
  private minMs = Infinity;
  private maxMs = 0;

  /** Records one latency in milliseconds (≥ 0; larger than 19 hours is clamped). */
  record(latencyMs: number): void {
    const micros = Math.max(0, Math.round(latencyMs * 1000));
    const bucket = bucketOf(micros);
    this.counts[bucket] = (this.counts[bucket] as number) + 1;
    this.total++;
    this.sumMs += latencyMs;
    if (latencyMs < this.minMs) this.minMs = latencyMs;
    if (latencyMs > this.maxMs) this.maxMs = latencyMs;
  }

  /** How many values were recorded. */
  get count(): number {
    return this.total;
  }

  /** The mean, exact (0 when empty). */
  get meanMs(): number {
    return this.total === 0 ? 0 : this.sumMs / this.total;
  }

  /** The exact maximum (0 when empty). */
  get max(): number {
    return this.maxMs;
  }

  /** The exact minimum (0 when empty). */
  get min(): number {
    return this.total === 0 ? 0 : this.minMs;
  }

  /**
   * The value at percentile `p` (0–100): the smallest recorded bucket's value below which `p`% of
   * the values lie, within 1.6%; 0 when empty. p=100 is the exact maximum.
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`Invalid p: expected a percentile in [0, 100], received ${String(p)}`);
    if (this.total === 0) return 0;
    if (p === 100) return this.maxMs;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      seen += this.counts[bucket] as number;
      if (seen >= rank) return Math.min(this.maxMs, Math.max(this.minMs, valueOf(bucket) / 1000));
    }
    return this.maxMs;
  }

  /** Adds every value of `other` to this one. */
  merge(other: LatencyHistogram): void {
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) this.counts[bucket] = (this.counts[bucket] as number) + (other.counts[bucket] as number);
    this.total += other.total;
    this.sumMs += other.sumMs;
    this.minMs = Math.min(this.minMs, other.minMs);
    this.maxMs = Math.max(this.maxMs, other.maxMs);
  }

  /** A summary for reports: count, mean, p50, p90, p99, p99.9, max (ms). */
  summary(): LatencySummary {
    return {
      count: this.total,
      meanMs: round3(this.meanMs),
      p50Ms: round3(this.percentile(50)),
      p90Ms: round3(this.percentile(90)),
      p99Ms: round3(this.percentile(99)),
      p999Ms: round3(this.percentile(99.9)),
      maxMs: round3(this.maxMs),
    };
  }
}

/** Latency percentiles of one operation type, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

function bucketOf(micros: number): number {
  if (micros < SUB_BUCKET_COUNT) return micros;
  if (micros < 0x1_0000_0000) {
    const exponent = 31 - Math.clz32(micros) - 6; // micros >>> exponent is in [64, 128)
    return SUB_BUCKET_COUNT + (exponent - 1) * SUB_BUCKET_HALF + ((micros >>> exponent) - SUB_BUCKET_HALF);
  }
  const clamped = Math.min(micros, 2 ** 36 - 1);
  const exponent = Math.floor(Math.log2(clamped)) - 6; // clamped >> exponent is in [64, 128)
  let shifted = Math.floor(clamped / 2 ** exponent);
  let at = exponent;
  if (shifted >= SUB_BUCKET_COUNT) {
    at++;
    shifted = Math.floor(clamped / 2 ** at);
  } else if (shifted < SUB_BUCKET_HALF) {
    at--;
    shifted = Math.floor(clamped / 2 ** at);
  }
  return SUB_BUCKET_COUNT + (at - 1) * SUB_BUCKET_HALF + (shifted - SUB_BUCKET_HALF);
}

/** The middle of a bucket's range, in microseconds. */
function valueOf(bucket: number): number {
  if (bucket < SUB_BUCKET_COUNT) return bucket;
  const at = Math.floor((bucket - SUB_BUCKET_COUNT) / SUB_BUCKET_HALF) + 1;
  const shifted = ((bucket - SUB_BUCKET_COUNT) % SUB_BUCKET_HALF) + SUB_BUCKET_HALF;
  return shifted * 2 ** at + (2 ** at - 1) / 2;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
