import { numberOption } from '../options.js';
import { invalidOption } from '../errors.js';
import type { TimerHandle } from '../runtime/index.js';
import { abortReason } from '../runtime/timers.js';
import type { Execution } from './context.js';
import { BulkheadRejectedError } from './errors.js';
import { DECLINED, type Gate, throughGate } from './gate.js';
import { BasePolicy, type Next, type PolicyOptions } from './policy.js';

/**
 * Options of {@link bulkhead}.
 *
 * @example
 * ```ts
 * bulkhead({ limit: 16, queue: 64, maxWaitMs: 100 });
 * ```
 */
export interface BulkheadOptions extends PolicyOptions {
  /** Most calls running at once (≥ 1). */
  readonly limit: number;
  /** Most calls waiting for a slot (≥ 0). Default 0: reject at once when full. */
  readonly queue?: number;
  /** Longest a call may wait in the queue, in ms. Default `Infinity` (an abort or an outer deadline still ends the wait). */
  readonly maxWaitMs?: number;
}

interface Waiter {
  readonly resolve: () => void;
  readonly release: () => void;
}

/**
 * Caps how many calls run at once, with a bounded queue in front. A full queue rejects at once
 * with a {@link BulkheadRejectedError}, so overload turns into fast failures instead of growing
 * latency; a queued call that is aborted (or passes `maxWaitMs`) leaves the queue at once.
 * `saturation` tells callers when to shed or slow down before the bulkhead has to.
 *
 * @example
 * ```ts
 * const db = bulkhead({ limit: 10, queue: 50, maxWaitMs: 200 });
 * if (db.saturation > 0.8) return respond(503); // shed early
 * const rows = await db.execute(({ signal }) => pool.query(sql, { signal }));
 * ```
 */
export function bulkhead(options: BulkheadOptions): Bulkhead {
  return new Bulkhead(options);
}

/**
 * The policy that {@link bulkhead} returns.
 *
 * @example
 * ```ts
 * const pool: Bulkhead = bulkhead({ limit: 4 });
 * pool.available; // 4
 * ```
 */
export class Bulkhead extends BasePolicy implements Gate {
  readonly limit: number;
  readonly queueLimit: number;
  readonly maxWaitMs: number;
  private running = 0;
  private readonly waiters = new Set<Waiter>();
  override readonly gate: Gate = this;
  /** @internal */
  readonly forks = false;

  constructor(options: BulkheadOptions) {
    super('bulkhead', options);
    this.limit = options.limit;
    this.queueLimit = options.queue ?? 0;
    this.maxWaitMs = options.maxWaitMs ?? Number.POSITIVE_INFINITY;
    if (!Number.isSafeInteger(this.limit) || this.limit < 1) throw invalidOption('limit', options.limit, 'an integer >= 1');
    if (!Number.isSafeInteger(this.queueLimit) || this.queueLimit < 0) throw invalidOption('queue', options.queue, 'an integer >= 0');
    numberOption('maxWaitMs', options.maxWaitMs, Number.POSITIVE_INFINITY, { min: 0, max: 2 ** 31 - 1, infinity: true });
  }

  /** Calls running now. */
  get active(): number {
    return this.running;
  }

  /** Calls waiting for a slot now. */
  get queued(): number {
    return this.waiters.size;
  }

  /** Free slots (calls that would start at once). */
  get available(): number {
    return this.limit - this.running;
  }

  /** (running + queued) / (limit + queue), in [0, 1]: 1 means the next call is rejected. */
  get saturation(): number {
    return (this.running + this.waiters.size) / (this.limit + this.queueLimit);
  }

  run(execution: Execution, next: Next): Promise<unknown> {
    if (execution.aborted) return Promise.reject(execution.reason);
    if (this.running < this.limit) {
      this.running++;
      return this.runHolding(execution, next);
    }
    if (this.waiters.size >= this.queueLimit) return Promise.reject(this.rejection('full'));
    return this.wait(execution).then(() => this.runHolding(execution, next));
  }

  /** @internal A free slot admits the call at once; a full bulkhead leaves the queueing to `run()`. */
  enter(): unknown {
    if (this.running >= this.limit) return DECLINED;
    this.running++;
    return true;
  }

  /** @internal */
  exit(): undefined {
    this.release();
    return undefined;
  }

  /** Runs a call that holds a slot; the gate's exit frees it. */
  private runHolding(execution: Execution, next: Next): Promise<unknown> {
    return throughGate(this, true, execution, next);
  }

  /** Hands the slot to the first waiter, or frees it. */
  private release(): void {
    if (this.waiters.size === 0) {
      this.running--; // the common case: no iterator to make
      return;
    }
    for (const waiter of this.waiters) {
      this.waiters.delete(waiter);
      waiter.release();
      waiter.resolve();
      return;
    }
    this.running--;
  }

  /** Waits in the queue until a slot is handed over (the slot count stays as it was). */
  private wait(execution: Execution): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const signal = execution.abortableSignal;
      const leave = (error: unknown): void => {
        if (!this.waiters.delete(waiter)) return;
        waiter.release();
        reject(error);
      };
      const onAbort = (): void => leave(abortReason(signal as AbortSignal));
      const waiter: Waiter = {
        resolve,
        release: () => {
          timer?.cancel();
          signal?.removeEventListener('abort', onAbort);
        },
      };
      this.waiters.add(waiter);
      if (this.events.active) this.events.emit({ type: 'bulkhead.queued', policy: this.name, queued: this.waiters.size });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.maxWaitMs !== Number.POSITIVE_INFINITY) timer = this.runtime.setTimer(this.maxWaitMs, () => leave(this.rejection('max-wait')));
    });
  }

  private rejection(reason: 'full' | 'max-wait'): BulkheadRejectedError {
    if (this.events.active) this.events.emit({ type: 'bulkhead.rejected', policy: this.name, reason });
    return new BulkheadRejectedError(reason, this.limit, this.queueLimit);
  }
}
