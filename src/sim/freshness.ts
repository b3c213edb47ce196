import { LatencyHistogram } from './latency-histogram.js';

/** How many recent writes per key are remembered (the bound on this tracker's memory per key). */
const RECENT_WRITES_PER_KEY = 64;

interface WriteRecord {
  readonly value: unknown;
  readonly invokeMs: number;
  ackMs: number;
  version: number | undefined;
}

interface KeyState {
  /** Recent writes in invocation order (a ring of at most RECENT_WRITES_PER_KEY). */
  readonly writes: WriteRecord[];
  /** Recent acknowledged writes in acknowledgement order. */
  readonly acked: WriteRecord[];
  /** The latest acknowledgement among writes that left both rings: an upper bound on when any forgotten write was acknowledged. */
  forgottenAckedBeforeMs: number;
}

/**
 * One stale read, as an example for the report.
 *
 * @example
 * ```ts
 * const first: StaleReadExample | undefined = tracker.report().examples[0];
 * first?.versionsBehind; // acknowledged writes the read missed
 * ```
 */
export interface StaleReadExample {
  readonly key: string;
  readonly process: number | string;
  readonly invokeMs: number;
  readonly completeMs: number;
  /** What it returned (null: no value). */
  readonly value: unknown;
  /** The last write acknowledged before the read began. */
  readonly latestAcknowledged: unknown;
  readonly latestAcknowledgedAtMs: number;
  /** Acknowledged writes it missed (a lower bound past the 64 most recent writes of the key). */
  readonly versionsBehind: number;
  /** How long its value had been superseded when the read began. */
  readonly staleMs: number;
}

/**
 * The staleness and lost-write figures of a run.
 *
 * @example
 * ```ts
 * const { staleReads, readsChecked, lostWrites } = report.freshness;
 * ```
 */
export interface FreshnessReport {
  readonly readsChecked: number;
  readonly staleReads: number;
  readonly staleReadRatio: number;
  readonly versionsBehind: { readonly max: number; readonly mean: number };
  readonly staleMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** The first stale reads seen (at most 5). */
  readonly examples: readonly StaleReadExample[];
  /** Acknowledged writes that can never be read again (overwritten by an older write, rolled back, or absent from the converged state). */
  readonly lostWrites: number;
  readonly acknowledgedWrites: number;
  /** The first lost writes (at most 5). */
  readonly lostExamples: ReadonlyArray<{ readonly key: string; readonly value: unknown; readonly ackMs: number; readonly reason: string }>;
}

/**
 * Measures, as the run goes, how stale reads are against the last acknowledged write (in
 * versions missed and in milliseconds), and which acknowledged writes are lost. It judges by real
 * (virtual) time only, so it works for any protocol: a read is stale when some write was
 * acknowledged before the read began, and that write began after the value the read returned had
 * been acknowledged (or the read returned no value at all). Memory: a ring of recent writes per
 * key plus one bit per acknowledged write.
 *
 * @example
 * ```ts
 * const tracker = new FreshnessTracker();
 * tracker.writeInvoked('x', 1, 0);
 * tracker.writeAcknowledged('x', 1, 5, undefined);
 * tracker.readCompleted('x', 0, 10, 12, null); // stale: missed write 1, 5 ms late
 * tracker.report().staleReads; // 1
 * ```
 */
export class FreshnessTracker {
  private readonly keys = new Map<string, KeyState>();
  private readonly byValue = new Map<unknown, WriteRecord>();
  private ackedBits: Uint8Array = new Uint8Array(1024);
  private lostBits: Uint8Array = new Uint8Array(1024);
  private readonly nonIntegerAcked = new Set<unknown>();
  private readsChecked = 0;
  private staleReads = 0;
  private versionsBehindMax = 0;
  private versionsBehindSum = 0;
  private readonly staleHistogram = new LatencyHistogram();
  private readonly examples: StaleReadExample[] = [];
  private readonly lostExamples: Array<{ key: string; value: unknown; ackMs: number; reason: string }> = [];
  private lostWrites = 0;
  private acknowledgedWrites = 0;

  writeInvoked(key: string, value: unknown, invokeMs: number): void {
    const state = this.stateOf(key);
    const record: WriteRecord = { value, invokeMs, ackMs: Infinity, version: undefined };
    state.writes.push(record);
    this.byValue.set(value, record);
    if (state.writes.length > RECENT_WRITES_PER_KEY) this.forgetIfUnused(state, state.writes.shift() as WriteRecord);
  }

  /** Drops a write's lookup entry once neither ring of its key holds it. */
  private forgetIfUnused(state: KeyState, record: WriteRecord): void {
    if (!state.writes.includes(record) && !state.acked.includes(record) && this.byValue.get(record.value) === record) {
      this.byValue.delete(record.value);
      if (record.ackMs !== Infinity && record.ackMs > state.forgottenAckedBeforeMs) state.forgottenAckedBeforeMs = record.ackMs;
    }
  }

  /** A write (or a successful cas, with its new value) was acknowledged; `version` is the protocol's order, if it gives one. */
  writeAcknowledged(key: string, value: unknown, ackMs: number, version: number | undefined): void {
    const state = this.stateOf(key);
    const record = this.byValue.get(value);
    if (record === undefined) return;
    record.ackMs = ackMs;
    record.version = version;
    state.acked.push(record);
    if (state.acked.length > RECENT_WRITES_PER_KEY) this.forgetIfUnused(state, state.acked.shift() as WriteRecord);
    this.acknowledgedWrites++;
    this.markAcked(value);
    if (version !== undefined) {
      // Last-writer-wins check: an older write (acknowledged before this one began) with a
      // higher version will shadow this one forever.
      for (const other of state.acked) {
        if (other !== record && other.ackMs < record.invokeMs && other.version !== undefined && other.version > version) {
          this.markLost(key, value, ackMs, `overwritten by the older write ${JSON.stringify(other.value)} (acknowledged at ${round(other.ackMs)}ms, before this write began) whose version is higher`);
          break;
        }
      }
    }
  }

  /** A read returned `value` (null: no value). */
  readCompleted(key: string, process: number | string, invokeMs: number, completeMs: number, value: unknown): void {
    this.readsChecked++;
    const state = this.keys.get(key);
    if (state === undefined || state.acked.length === 0) return;
    const source = value === null ? undefined : this.byValue.get(value);
    // The value's write is "definitely older" than writes that began after it was acknowledged.
    // A forgotten (older than the window) acknowledged value was acknowledged no later than
    // forgottenAckedBeforeMs, which gives a lower bound; an unacknowledged one cannot be placed.
    let supersededFrom = -Infinity;
    if (source !== undefined) supersededFrom = source.ackMs;
    else if (value !== null) {
      if (!this.isAcked(value)) return;
      supersededFrom = state.forgottenAckedBeforeMs;
    }
    let behind = 0;
    let firstNewerAckMs = Infinity;
    let latest: WriteRecord | undefined;
    for (const write of state.acked) {
      if (write.ackMs >= invokeMs) continue;
      if (latest === undefined || write.ackMs > latest.ackMs) latest = write;
      if (write.invokeMs > supersededFrom && write !== source) {
        behind++;
        if (write.ackMs < firstNewerAckMs) firstNewerAckMs = write.ackMs;
      }
    }
    if (behind === 0 || latest === undefined) return;
    this.staleReads++;
    this.versionsBehindSum += behind;
    if (behind > this.versionsBehindMax) this.versionsBehindMax = behind;
    const staleMs = invokeMs - firstNewerAckMs;
    this.staleHistogram.record(staleMs);
    if (this.examples.length < 5) {
      this.examples.push({ key, process, invokeMs: round(invokeMs), completeMs: round(completeMs), value, latestAcknowledged: latest.value, latestAcknowledgedAtMs: round(latest.ackMs), versionsBehind: behind, staleMs: round(staleMs) });
    }
  }

  /**
   * At the end, after the cluster settled: `finalValue(key)` gives the converged value of each key,
   * and `missing` (optional) the writes that some replica applied but the converged state does not
   * hold (a truncated log suffix, a diverged replica); those that were acknowledged are lost.
   */
  finish(finalValue: (key: string) => unknown, missing?: Iterable<{ readonly key: string; readonly value: unknown }>): void {
    for (const [key, state] of this.keys) {
      const final = finalValue(key);
      const source = final === null || final === undefined ? undefined : this.byValue.get(final);
      let finalAckedAt = source === undefined ? -Infinity : source.ackMs;
      if (final !== null && final !== undefined && source === undefined) {
        if (!this.isAcked(final)) continue; // older than the window and never acknowledged: cannot judge
        finalAckedAt = state.forgottenAckedBeforeMs;
      }
      for (const write of state.acked) {
        // The converged value is definitely older than this acknowledged write.
        if (write.invokeMs > finalAckedAt && write !== source) {
          this.markLost(key, write.value, write.ackMs, `the converged value ${JSON.stringify(final ?? null)} is older than this write`);
        }
      }
    }
    if (missing === undefined) return;
    for (const { key, value } of missing) {
      if (this.isAcked(value)) this.markLost(key, value, this.byValue.get(value)?.ackMs ?? NaN, 'absent from the converged state (rolled back or never replicated)');
    }
  }

  report(): FreshnessReport {
    return {
      readsChecked: this.readsChecked,
      staleReads: this.staleReads,
      staleReadRatio: this.readsChecked === 0 ? 0 : this.staleReads / this.readsChecked,
      versionsBehind: { max: this.versionsBehindMax, mean: this.staleReads === 0 ? 0 : round(this.versionsBehindSum / this.staleReads) },
      staleMs: { p50: round(this.staleHistogram.percentile(50)), p99: round(this.staleHistogram.percentile(99)), max: round(this.staleHistogram.max) },
      examples: this.examples,
      lostWrites: this.lostWrites,
      acknowledgedWrites: this.acknowledgedWrites,
      lostExamples: this.lostExamples,
    };
  }

  private stateOf(key: string): KeyState {
    let state = this.keys.get(key);
    if (state === undefined) {
      state = { writes: [], acked: [], forgottenAckedBeforeMs: -Infinity };
      this.keys.set(key, state);
    }
    return state;
  }

  private markAcked(value: unknown): void {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
      this.ackedBits = this.ensure(this.ackedBits, value);
      this.setBit(this.ackedBits, value);
    } else {
      this.nonIntegerAcked.add(value);
    }
  }

  private isAcked(value: unknown): boolean {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value < this.ackedBits.length * 8 && this.bit(this.ackedBits, value);
    return this.nonIntegerAcked.has(value);
  }

  private markLost(key: string, value: unknown, ackMs: number, reason: string): void {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
      this.lostBits = this.ensure(this.lostBits, value);
      if (this.bit(this.lostBits, value)) return;
      this.setBit(this.lostBits, value);
    }
    this.lostWrites++;
    if (this.lostExamples.length < 5) this.lostExamples.push({ key, value, ackMs: round(ackMs), reason });
  }

  private ensure(bits: Uint8Array, value: number): Uint8Array {
    if (value < bits.length * 8) return bits;
    let length = bits.length;
    while (value >= length * 8) length *= 2;
    const grown = new Uint8Array(length);
    grown.set(bits);
    return grown;
  }

  private bit(bits: Uint8Array, value: number): boolean {
    return (((bits[value >> 3] as number) >> (value & 7)) & 1) === 1;
  }

  private setBit(bits: Uint8Array, value: number): void {
    bits[value >> 3] = (bits[value >> 3] as number) | (1 << (value & 7));
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
