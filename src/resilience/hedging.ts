import { numberOption, oneOf, optionalObjectWith } from '../options.js';
import { invalidOption } from '../errors.js';
import type { Execution } from './context.js';
import { type Deadline, DeadlineTimer } from './deadline-timer.js';
import { HedgeLostError } from './errors.js';
import { BasePolicy, type Next, type PolicyOptions } from './policy.js';
import type { RetryBudget } from './retry-budget.js';

/**
 * Options of {@link hedging}.
 *
 * @example
 * ```ts
 * hedging({ percentile: 0.9, minDelayMs: 5, maxDelayMs: 500, maxHedges: 2 });
 * ```
 */
export interface HedgingOptions extends PolicyOptions {
  /** Wait this long (ms) before starting another attempt; with `percentile`, the delay used until enough latencies are known. Default 100. */
  readonly delayMs?: number;
  /** Hedge after this percentile (in (0, 1), e.g. 0.95) of the latencies observed so far, instead of a fixed delay. */
  readonly percentile?: number;
  /** Bounds on the observed-percentile delay, in ms. Defaults 1 and 10,000. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  /** How many recent latencies the percentile is taken over (10..100,000). Default 1,000. */
  readonly sampleSize?: number;
  /** Most extra attempts per call (1..10). Default 1. */
  readonly maxHedges?: number;
  /** Caps hedges as a share of calls (use a `retryBudget({ ratio: 0.05 })`): hedging must not double the load when everything is slow. */
  readonly budget?: RetryBudget;
  /** When an attempt fails, start the next one at once instead of waiting for the delay. Default true. */
  readonly hedgeOnFailure?: boolean;
  /**
   * How late, at most, a hedge may start when calls arrive fast (ms, > 0): calls share one timer,
   * which stamps delays in batches above about 8 calls per `precisionMs` (as {@link timeout} does).
   * Never early. Default 5% of the delay, between 1 and 10.
   */
  readonly precisionMs?: number;
}

/**
 * Tail-latency insurance ("The Tail at Scale"): if an attempt has not answered after a delay, start
 * another; the first success wins and the others are aborted (their signal's reason is a
 * {@link HedgeLostError}). The delay is fixed, or a percentile of the latencies seen so far, so
 * only the slowest few percent of calls are hedged. Only for idempotent operations.
 *
 * @example
 * ```ts
 * const reads = hedging({ percentile: 0.95, maxHedges: 1, budget: retryBudget({ ratio: 0.05 }) });
 * const row = await reads.execute(({ signal }) => replica.get(key, { signal }));
 * ```
 */
export function hedging(options: HedgingOptions = {}): Hedging {
  return new Hedging(options);
}

/**
 * The policy that {@link hedging} returns.
 *
 * @example
 * ```ts
 * const reads: Hedging = hedging({ percentile: 0.95 });
 * reads.delayMs; // the delay the next call would hedge after
 * ```
 */
export class Hedging extends BasePolicy {
  readonly maxHedges: number;
  private readonly fixedDelayMs: number;
  private readonly percentile: number | undefined;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly budget: RetryBudget | undefined;
  private readonly hedgeOnFailure: boolean;
  private readonly samples: Float64Array;
  private sampleCount = 0;
  private sampleNext = 0;
  private cachedDelayMs: number;
  private samplesSinceCache = 0;
  private readonly precisionMs: number | undefined;
  private timer: DeadlineTimer<HedgedCall> | undefined;

  constructor(options: HedgingOptions = {}) {
    super('hedging', options);
    this.fixedDelayMs = options.delayMs ?? 100;
    this.percentile = options.percentile;
    this.minDelayMs = options.minDelayMs ?? 1;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.maxHedges = options.maxHedges ?? 1;
    this.budget = optionalObjectWith('budget', options.budget, ['recordRequest', 'tryRetry'], 'a RetryBudget (retryBudget())');
    this.hedgeOnFailure = oneOf('hedgeOnFailure', options.hedgeOnFailure, [true, false]) ?? true;
    this.maxDelayMs = numberOption('maxDelayMs', options.maxDelayMs, 10_000, { min: 0, max: 2 ** 31 - 1 });
    this.fixedDelayMs = numberOption('delayMs', options.delayMs, 100, { min: 0, max: 2 ** 31 - 1 });
    const sampleSize = options.sampleSize ?? 1_000;
    if (!(this.fixedDelayMs >= 0) || !Number.isFinite(this.fixedDelayMs)) throw invalidOption('delayMs', options.delayMs, 'a finite number >= 0');
    if (this.percentile !== undefined && !(this.percentile > 0 && this.percentile < 1)) throw invalidOption('percentile', this.percentile, 'a number in (0, 1)');
    if (!(this.minDelayMs >= 0 && this.maxDelayMs >= this.minDelayMs)) throw invalidOption('maxDelayMs', options.maxDelayMs, `a number >= minDelayMs (${this.minDelayMs})`);
    if (!Number.isSafeInteger(this.maxHedges) || this.maxHedges < 1 || this.maxHedges > 10) throw invalidOption('maxHedges', options.maxHedges, 'an integer in [1, 10]');
    if (!Number.isSafeInteger(sampleSize) || sampleSize < 10 || sampleSize > 100_000) throw invalidOption('sampleSize', sampleSize, 'an integer in [10, 100000]');
    this.precisionMs = options.precisionMs;
    if (this.precisionMs !== undefined && !(this.precisionMs > 0 && Number.isFinite(this.precisionMs))) throw invalidOption('precisionMs', options.precisionMs, 'a finite number > 0');
    this.samples = new Float64Array(sampleSize);
    this.cachedDelayMs = this.fixedDelayMs;
  }

  /** The delay the next call would hedge after, in ms. */
  get delayMs(): number {
    return this.cachedDelayMs;
  }

  run(execution: Execution, next: Next): Promise<unknown> {
    if (execution.aborted) return Promise.reject(execution.reason);
    this.budget?.recordRequest(this.runtime.clock);
    return new Promise((resolve, reject) => {
      const call = new HedgedCall(execution, next, resolve, reject);
      this.start(call);
      this.schedule(call);
    });
  }

  /** The shared timer for the current delay: a new one when a percentile moves the delay (the old one drains). */
  private delayTimer(): DeadlineTimer<HedgedCall> {
    const lengthMs = this.cachedDelayMs;
    if (this.timer === undefined || this.timer.lengthMs !== lengthMs) {
      const precisionMs = this.precisionMs ?? Math.min(10, Math.max(1, lengthMs / 20));
      this.timer = new DeadlineTimer(this.runtime, lengthMs, precisionMs, (call) => this.delayPassed(call));
    }
    return this.timer;
  }

  /** Arms the hedge delay for the next attempt, while more may start. */
  private schedule(call: HedgedCall): void {
    if (call.attempts.length > this.maxHedges || call.settled) return;
    const timer = this.delayTimer();
    call.delay = timer.arm(call, timer.begin());
  }

  private delayPassed(call: HedgedCall): void {
    call.delay = undefined;
    if (!this.mayHedge(call)) return;
    this.start(call);
    this.schedule(call);
  }

  private mayHedge(call: HedgedCall): boolean {
    return !call.settled && !call.execution.aborted && call.attempts.length <= this.maxHedges && (this.budget === undefined || this.budget.tryRetry(this.runtime.clock));
  }

  private start(call: HedgedCall): void {
    const attempt = call.execution.child();
    const number = call.attempts.push(attempt);
    if (number > 1 && this.events.active) this.events.emit({ type: 'hedge.started', policy: this.name, attempt: number });
    call.running++;
    const startedMs = this.percentile === undefined ? 0 : this.runtime.clock.monotonicMs();
    call.next(attempt).then(
      (value) => {
        call.running--;
        attempt.dispose();
        if (call.settled) return;
        call.finish();
        if (this.percentile !== undefined) this.observe(this.runtime.clock.monotonicMs() - startedMs);
        if (number > 1 && this.events.active) this.events.emit({ type: 'hedge.won', policy: this.name, attempt: number });
        for (const other of call.attempts) if (other !== attempt) other.abort(new HedgeLostError());
        call.resolve(value);
      },
      (error: unknown) => {
        call.running--;
        attempt.dispose();
        if (call.settled) return;
        if (this.hedgeOnFailure && this.mayHedge(call)) {
          call.cancelDelay();
          this.start(call);
          this.schedule(call);
        } else if (call.running === 0) {
          call.finish();
          call.reject(error);
        }
      },
    );
  }

  private observe(latencyMs: number): void {
    this.samples[this.sampleNext] = latencyMs;
    this.sampleNext = (this.sampleNext + 1) % this.samples.length;
    if (this.sampleCount < this.samples.length) this.sampleCount++;
    // Re-sorting on every call would cost O(n log n) each; refresh after every tenth of the window.
    if (++this.samplesSinceCache < Math.max(10, this.samples.length / 10) && this.sampleCount !== 10) return;
    this.samplesSinceCache = 0;
    if (this.sampleCount < 10) return;
    const sorted = this.samples.slice(0, this.sampleCount).sort();
    const value = sorted[Math.min(sorted.length - 1, Math.floor((this.percentile as number) * sorted.length))] as number;
    this.cachedDelayMs = Math.min(this.maxDelayMs, Math.max(this.minDelayMs, value));
  }
}

/** One hedged call in flight: its attempts and the armed delay before the next one. */
class HedgedCall {
  readonly attempts: Execution[] = [];
  settled = false;
  running = 0;
  delay: Deadline<HedgedCall> | undefined = undefined;

  constructor(
    readonly execution: Execution,
    readonly next: Next,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: unknown) => void,
  ) {}

  cancelDelay(): void {
    if (this.delay === undefined) return;
    this.delay.epoch.timer.remove(this.delay);
    this.delay = undefined;
  }

  finish(): void {
    this.settled = true;
    this.cancelDelay();
  }
}
