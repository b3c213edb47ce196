import { PacelcError, invalidOption } from '../errors.js';
import { checkOptionsObject, numberOption, runtimeOption } from '../options.js';
import { type Runtime, type RuntimeOptions } from '../runtime/index.js';

/**
 * A hybrid logical clock timestamp: physical milliseconds plus a logical counter for events in the same millisecond (or ahead of the local clock).
 *
 * @example
 * ```ts
 * const stamp: HlcTimestamp = hlc.now(); // { wallMs: 1700000000000, logical: 0 }
 * ```
 */
export interface HlcTimestamp {
  readonly wallMs: number;
  readonly logical: number;
}

/**
 * Options of {@link HybridLogicalClock}.
 *
 * @example
 * ```ts
 * new HybridLogicalClock({ runtime: new ManualRuntime(), maxOffsetMs: 250 });
 * ```
 */
export interface HybridLogicalClockOptions extends RuntimeOptions {
  /**
   * Largest amount a received timestamp may be ahead of the local wall clock before it is rejected
   * with {@link ClockOffsetError} (CockroachDB's `--max-offset`, default 500 ms there). Default 500.
   */
  readonly maxOffsetMs?: number;
}

/**
 * A remote timestamp is further ahead of the local clock than `maxOffsetMs`: a peer's clock (or
 * ours) is broken, and accepting it would drag every timestamp here into the future.
 *
 * @example
 * ```ts
 * try { hlc.receive(remote); } catch (error) { if (error instanceof ClockOffsetError) quarantine(peer); }
 * ```
 */
export class ClockOffsetError extends PacelcError {
  constructor(
    readonly remote: HlcTimestamp,
    readonly localWallMs: number,
    readonly maxOffsetMs: number,
  ) {
    super('CLOCK_OFFSET_EXCEEDED', `remote timestamp ${formatHlc(remote)} is ${remote.wallMs - localWallMs} ms ahead of the local clock (max offset ${maxOffsetMs} ms)`, { outcome: 'definite' });
  }
}

/**
 * A hybrid logical clock (Kulkarni et al., 2014; CockroachDB, YugabyteDB, MongoDB): timestamps
 * stay close to wall-clock time (within the clock skew) yet respect causality like a Lamport clock —
 * if a happened before b then `compareHlc(a, b) < 0`, even when b's node has a slower clock. It
 * reads the wall clock from the injected runtime, so tests can skew it.
 *
 * @example
 * ```ts
 * import { HybridLogicalClock, compareHlc } from 'pacelc/clocks';
 * const a = new HybridLogicalClock();
 * const b = new HybridLogicalClock();
 * const sent = a.now();
 * const received = b.receive(sent);
 * compareHlc(sent, received); // -1, whatever b's wall clock says
 * ```
 */
export class HybridLogicalClock {
  private readonly runtime: Runtime;
  readonly maxOffsetMs: number;
  private last: HlcTimestamp = { wallMs: 0, logical: 0 };

  constructor(options: HybridLogicalClockOptions = {}) {
    checkOptionsObject('HybridLogicalClock', options);
    this.runtime = runtimeOption(options.runtime);
    this.maxOffsetMs = numberOption('maxOffsetMs', options.maxOffsetMs, 500, { min: 0, exclusiveMin: true, infinity: true });
  }

  /** A timestamp for a local or send event, greater than every timestamp issued or received before. */
  now(): HlcTimestamp {
    const physical = Math.floor(this.runtime.clock.nowMs());
    this.last = physical > this.last.wallMs ? { wallMs: physical, logical: 0 } : { wallMs: this.last.wallMs, logical: this.last.logical + 1 };
    return this.last;
  }

  /** Merges a received timestamp and returns the receive event's, greater than both. */
  receive(remote: HlcTimestamp): HlcTimestamp {
    if (!Number.isSafeInteger(remote.wallMs) || !Number.isSafeInteger(remote.logical) || remote.logical < 0) throw invalidOption('remote', remote, 'an HLC timestamp { wallMs, logical }');
    const physical = Math.floor(this.runtime.clock.nowMs());
    if (remote.wallMs - physical > this.maxOffsetMs) throw new ClockOffsetError(remote, physical, this.maxOffsetMs);
    const wallMs = Math.max(this.last.wallMs, remote.wallMs, physical);
    let logical: number;
    if (wallMs === this.last.wallMs && wallMs === remote.wallMs) logical = Math.max(this.last.logical, remote.logical) + 1;
    else if (wallMs === this.last.wallMs) logical = this.last.logical + 1;
    else if (wallMs === remote.wallMs) logical = remote.logical + 1;
    else logical = 0;
    this.last = { wallMs, logical };
    return this.last;
  }

  /** The last timestamp issued or received. */
  peek(): HlcTimestamp {
    return this.last;
  }
}

/**
 * Orders HLC timestamps: negative if `a` is earlier, positive if later, 0 if equal.
 *
 * @example
 * ```ts
 * import { compareHlc } from 'pacelc/clocks';
 * compareHlc({ wallMs: 5, logical: 1 }, { wallMs: 5, logical: 0 }); // 1
 * ```
 */
export function compareHlc(a: HlcTimestamp, b: HlcTimestamp): number {
  return a.wallMs - b.wallMs || a.logical - b.logical;
}

/**
 * A fixed-width string that sorts like the timestamp (`0001700000000000.0000000003`), for keys and logs.
 *
 * @example
 * ```ts
 * import { formatHlc } from 'pacelc/clocks';
 * formatHlc({ wallMs: 1700000000000, logical: 3 }); // '0001700000000000.0000000003'
 * ```
 */
export function formatHlc(timestamp: HlcTimestamp): string {
  return `${String(timestamp.wallMs).padStart(16, '0')}.${String(timestamp.logical).padStart(10, '0')}`;
}
