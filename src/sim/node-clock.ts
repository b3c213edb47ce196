/**
 * A node's own clock: virtual time with a skew (offset) and a drift (rate error), as a real
 * quartz clock and NTP would give. Changing either keeps the clock continuous except for the jump
 * the skew asks for.
 *
 * @example
 * ```ts
 * const clock = new NodeClock();
 * clock.setDrift(0, 1e-4);     // runs 100 ppm fast from t=0
 * clock.adjust(1_000, 500);    // jumps 500 ms ahead at t=1000
 * clock.readMs(2_000);          // 2500.2
 * ```
 */
export class NodeClock {
  private baseMs = 0;
  private monotonicBaseMs = 0;
  private anchorMs = 0;
  private driftRate = 0;

  /** The clock's reading at virtual time `nowMs`. */
  readMs(nowMs: number): number {
    return this.baseMs + (nowMs - this.anchorMs) * (1 + this.driftRate);
  }

  /** The monotonic clock's reading (CLOCK_MONOTONIC): drift applies, jumps and NTP steps do not. */
  monotonicMs(nowMs: number): number {
    return this.monotonicBaseMs + (nowMs - this.anchorMs) * (1 + this.driftRate);
  }

  /** Both clocks miss `lostMs` (a suspended VM: the clocks did not count the suspension). */
  lose(nowMs: number, lostMs: number): void {
    this.reanchor(nowMs);
    this.baseMs -= lostMs;
    this.monotonicBaseMs -= lostMs;
  }

  /** Jumps the clock by `deltaMs` at `nowMs` (positive: ahead). */
  adjust(nowMs: number, deltaMs: number): void {
    this.reanchor(nowMs);
    this.baseMs += deltaMs;
  }

  /** Sets the rate error from `nowMs` on: 1e-4 is 100 ppm fast, -1e-4 slow. */
  setDrift(nowMs: number, rate: number): void {
    if (!(rate > -0.5 && rate < 0.5)) throw new RangeError(`Invalid drift: expected a rate in (-0.5, 0.5), received ${String(rate)}`);
    this.reanchor(nowMs);
    this.driftRate = rate;
  }

  /** Removes skew and drift from `nowMs` on (an NTP correction): the clock reads virtual time again. */
  reset(nowMs: number): void {
    this.reanchor(nowMs);
    this.baseMs = nowMs;
    this.driftRate = 0;
  }

  /** The rate error (0 when exact). */
  get drift(): number {
    return this.driftRate;
  }

  /** How far the clock is from virtual time at `nowMs`. */
  offsetMs(nowMs: number): number {
    return this.readMs(nowMs) - nowMs;
  }

  /** Virtual milliseconds for `localMs` of this clock to pass. */
  toVirtualDelay(localMs: number): number {
    return this.driftRate === 0 ? localMs : localMs / (1 + this.driftRate);
  }

  private reanchor(nowMs: number): void {
    this.monotonicBaseMs = this.monotonicMs(nowMs);
    this.baseMs = this.readMs(nowMs);
    this.anchorMs = nowMs;
  }
}
