import { invalidOption } from '../errors.js';
import type { Clock } from '../runtime/index.js';

/**
 * Options of {@link retryBudget}.
 *
 * @example
 * ```ts
 * retryBudget({ ratio: 0.2, minRetriesPerSecond: 1, windowMs: 30_000 });
 * ```
 */
export interface RetryBudgetOptions {
  /** Retries allowed as a fraction of first tries over the window. Default 0.1 (10%). */
  readonly ratio?: number;
  /** Retries per second always allowed, so that a quiet service can still retry. Default 10. */
  readonly minRetriesPerSecond?: number;
  /** The sliding window, in milliseconds. Default 10,000. */
  readonly windowMs?: number;
  /** How many buckets the window slides by. Default 10. */
  readonly bucketCount?: number;
}

/**
 * A budget of retries shared by many calls (and many retry policies): retries may be at most
 * `ratio` of first tries over a sliding window, plus `minRetriesPerSecond`. When a dependency
 * fails hard, retries stop growing its load by 3x (every client retrying 3 times) and add at most
 * 10% — the retry storm that budgets exist to prevent (as Finagle's and Envoy's retry budgets do).
 *
 * @example
 * ```ts
 * const budget = retryBudget({ ratio: 0.1, minRetriesPerSecond: 5 });
 * const a = retry({ budget }); const b = retry({ budget }); // one budget for both
 * ```
 */
export function retryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  return new RetryBudget(options);
}

/**
 * The budget that {@link retryBudget} returns.
 *
 * @example
 * ```ts
 * const budget = retryBudget();
 * budget.available(runtime.clock); // retries still allowed right now
 * ```
 */
export class RetryBudget {
  readonly ratio: number;
  readonly minRetriesPerSecond: number;
  readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly requests: Float64Array;
  private readonly retries: Float64Array;
  private readonly bucketStarts: Float64Array;
  private requestTotal = 0;
  private retryTotal = 0;

  constructor(options: RetryBudgetOptions = {}) {
    this.ratio = options.ratio ?? 0.1;
    this.minRetriesPerSecond = options.minRetriesPerSecond ?? 10;
    this.windowMs = options.windowMs ?? 10_000;
    const bucketCount = options.bucketCount ?? 10;
    if (!(this.ratio >= 0) || !Number.isFinite(this.ratio)) throw invalidOption('ratio', this.ratio, 'a finite number >= 0');
    if (!(this.minRetriesPerSecond >= 0) || !Number.isFinite(this.minRetriesPerSecond)) throw invalidOption('minRetriesPerSecond', this.minRetriesPerSecond, 'a finite number >= 0');
    if (!(this.windowMs > 0) || !Number.isFinite(this.windowMs)) throw invalidOption('windowMs', this.windowMs, 'a finite number > 0');
    if (!Number.isSafeInteger(bucketCount) || bucketCount < 1 || bucketCount > 1000) throw invalidOption('bucketCount', bucketCount, 'an integer in [1, 1000]');
    this.bucketMs = this.windowMs / bucketCount;
    this.requests = new Float64Array(bucketCount);
    this.retries = new Float64Array(bucketCount);
    this.bucketStarts = new Float64Array(bucketCount).fill(Number.NEGATIVE_INFINITY);
  }

  /** Counts a first try. */
  recordRequest(clock: Clock): void {
    const index = this.slide(clock.monotonicMs());
    this.requests[index] = (this.requests[index] as number) + 1;
    this.requestTotal++;
  }

  /** Takes one retry from the budget: true when allowed (and counted), false when the budget is spent. */
  tryRetry(clock: Clock): boolean {
    const index = this.slide(clock.monotonicMs());
    if (this.retryTotal + 1 > this.allowance()) return false;
    this.retries[index] = (this.retries[index] as number) + 1;
    this.retryTotal++;
    return true;
  }

  /** Retries still allowed right now. */
  available(clock: Clock): number {
    this.slide(clock.monotonicMs());
    return Math.max(0, Math.floor(this.allowance() - this.retryTotal));
  }

  private allowance(): number {
    return this.requestTotal * this.ratio + (this.minRetriesPerSecond * this.windowMs) / 1000;
  }

  /** Drops buckets that left the window; returns the index of the bucket of `nowMs`. */
  private slide(nowMs: number): number {
    const bucket = Math.floor(nowMs / this.bucketMs);
    const index = bucket % this.requests.length;
    const startMs = bucket * this.bucketMs;
    if (this.bucketStarts[index] !== startMs) {
      for (let i = 0; i < this.requests.length; i++) {
        if ((this.bucketStarts[i] as number) <= startMs - this.windowMs || i === index) {
          this.requestTotal -= this.requests[i] as number;
          this.retryTotal -= this.retries[i] as number;
          this.requests[i] = 0;
          this.retries[i] = 0;
          this.bucketStarts[i] = i === index ? startMs : Number.NEGATIVE_INFINITY;
        }
      }
    }
    return index;
  }
}
