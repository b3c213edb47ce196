import { PacelcError, invalidOption } from '../errors.js';
import { checkOptionsObject, numberOption, oneOf, optionalFunction, requiredObjectWith, runtimeOption } from '../options.js';
import { type Clock, type Runtime, type RuntimeOptions, type TimerHandle } from '../runtime/index.js';
import type { Cache, GetOrSetOptions } from './cache.js';
import type { BatchDataSource } from './data-source.js';

/**
 * Thrown by {@link WriteBehindCache.set} when the queue is full and `onFull` is `reject`.
 *
 * @example
 * ```ts
 * try { await counters.set(key, n); } catch (error) { if (error instanceof WriteBehindQueueFullError) shed(); else throw error; }
 * ```
 */
export class WriteBehindQueueFullError extends PacelcError {
  constructor(maxPending: number) {
    super('WRITE_BEHIND_QUEUE_FULL', `write-behind queue is full (${maxPending} unsaved keys); the source is not keeping up`, { outcome: 'definite' });
  }
}

/**
 * Options of {@link WriteBehindCache}.
 *
 * @example
 * ```ts
 * new WriteBehindCache(cache, source, { batchSize: 500, flushIntervalMs: 1_000, maxPending: 50_000, onFull: 'reject' });
 * ```
 */
export interface WriteBehindOptions extends RuntimeOptions, GetOrSetOptions {
  /** Most keys per `saveMany` (>= 1). Default 100. */
  readonly batchSize?: number;
  /** How long a write may wait before a flush starts, in ms (> 0). Default 1,000. */
  readonly flushIntervalMs?: number;
  /** Most unsaved keys (queued + being saved); the bound on what a crash can lose. Default 10,000. */
  readonly maxPending?: number;
  /** When the queue is full: `wait` for a flush to make room, or `reject` the write. Default `wait`. */
  readonly onFull?: 'wait' | 'reject';
  /** Retries of a failed batch (exponential backoff from `flushIntervalMs`, at most 30 s) before its writes are dropped and counted as lost. Default 5. */
  readonly maxRetries?: number;
  /** Told about every failed batch and every dropped write. */
  readonly onError?: (error: unknown, context: { keys: readonly string[]; dropped: boolean }) => void;
}

/**
 * What {@link WriteBehindCache.stats} reports.
 *
 * @example
 * ```ts
 * const { unsaved, oldestUnsavedAgeMs, lost } = counters.stats(); // export as gauges: the live data-loss window
 * ```
 */
export interface WriteBehindStats {
  /** Writes accepted. */
  readonly writes: number;
  /** Writes folded into a still-unsaved write of the same key (only the last value is saved). */
  readonly coalesced: number;
  /** Keys saved to the source. */
  readonly saved: number;
  /** `saveMany` calls that succeeded / failed. */
  readonly batches: number;
  readonly failedBatches: number;
  /** Writes dropped after `maxRetries`, or abandoned by {@link WriteBehindCache.abandon}. */
  readonly lost: number;
  /** Keys accepted but not yet confirmed by the source: what a crash now would lose. */
  readonly unsaved: number;
  /** Age of the oldest unsaved write, in ms (0 when none): the current data-loss window. */
  readonly oldestUnsavedAgeMs: number;
  /** The largest data-loss window seen so far, in ms. */
  readonly maxUnsavedAgeMs: number;
}

interface PendingWrite<V> {
  value: V;
  /** When the oldest still-unsaved write of this key was accepted (monotonic ms). */
  readonly sinceMs: number;
  attempts: number;
}

/**
 * Write-behind (write-back): writes go to the cache at once and to the source later, in batches,
 * coalesced per key (ten writes of one key in a flush interval cost one row). Reads see the
 * latest write, saved or not.
 *
 * **The data-loss window.** A write is acknowledged before it is durable. If the process dies,
 * the writes not yet confirmed by the source are lost: those accepted in roughly the last
 * `flushIntervalMs` plus one `saveMany`, never more than `maxPending` keys. `stats().unsaved`
 * and `stats().oldestUnsavedAgeMs` report the window live; export them as metrics. A clean
 * {@link WriteBehindCache.close} flushes everything and loses nothing. Use write-through when no
 * loss is acceptable.
 *
 * @example
 * ```ts
 * import { Cache, WriteBehindCache } from 'pacelc/cache';
 * const counters = new WriteBehindCache(new Cache(), source, { batchSize: 500, flushIntervalMs: 1_000, maxPending: 50_000 });
 * await counters.set('views:42', 1_337); // cached now, saved within ~1 s
 * process.on('SIGTERM', () => counters.close());
 * ```
 */
export class WriteBehindCache<V> {
  private readonly runtime: Runtime;
  private readonly clock: Clock;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxPending: number;
  private readonly onFull: 'wait' | 'reject';
  private readonly maxRetries: number;
  private readonly onError: (error: unknown, context: { keys: readonly string[]; dropped: boolean }) => void;
  private readonly options: GetOrSetOptions;
  /** Queued writes in acceptance order (a re-write keeps its place and its age). */
  private readonly queue = new Map<string, PendingWrite<V>>();
  /** Writes handed to `saveMany` and not yet confirmed. */
  private readonly saving = new Map<string, PendingWrite<V>>();
  private timer: TimerHandle | undefined;
  private flushing: Promise<void> | undefined;
  private retryAtMs = 0;
  private closed = false;
  private abandoned = false;
  private counts = { writes: 0, coalesced: 0, saved: 0, batches: 0, failedBatches: 0, lost: 0, maxUnsavedAgeMs: 0 };

  constructor(
    readonly cache: Cache,
    private readonly source: BatchDataSource<V>,
    options: WriteBehindOptions = {},
  ) {
    requiredObjectWith('cache', cache, ['getOrSet', 'writeThrough'], 'a Cache');
    requiredObjectWith('source', source, ['load', 'saveMany'], 'a BatchDataSource ({ load, saveMany })');
    checkOptionsObject('WriteBehindCache', options);
    this.runtime = runtimeOption(options.runtime);
    this.clock = this.runtime.clock;
    this.batchSize = numberOption('batchSize', options.batchSize, 100, { min: 1, integer: true });
    this.flushIntervalMs = numberOption('flushIntervalMs', options.flushIntervalMs, 1_000, { min: 0, exclusiveMin: true, max: 2 ** 31 - 1 });
    this.maxPending = numberOption('maxPending', options.maxPending, 10_000, { min: 1, integer: true });
    this.onFull = oneOf('onFull', options.onFull, ['wait', 'reject']) ?? 'wait';
    this.maxRetries = numberOption('maxRetries', options.maxRetries, 5, { min: 0, integer: true });
    this.onError = optionalFunction('onError', options.onError) ?? (() => {});
    const { runtime: _runtime, batchSize: _b, flushIntervalMs: _f, maxPending: _m, onFull: _o, maxRetries: _r, onError: _e, ...entryOptions } = options;
    this.options = entryOptions;
    if (!Number.isSafeInteger(this.batchSize) || this.batchSize < 1) throw invalidOption('batchSize', options.batchSize, 'an integer >= 1');
    if (!(this.flushIntervalMs > 0) || !Number.isFinite(this.flushIntervalMs)) throw invalidOption('flushIntervalMs', options.flushIntervalMs, 'a finite number > 0');
    if (!Number.isSafeInteger(this.maxPending) || this.maxPending < 1) throw invalidOption('maxPending', options.maxPending, 'an integer >= 1');
    if (!Number.isSafeInteger(this.maxRetries) || this.maxRetries < 0) throw invalidOption('maxRetries', options.maxRetries, 'an integer >= 0');
    if (this.onFull !== 'wait' && this.onFull !== 'reject') throw invalidOption('onFull', options.onFull, '"wait" or "reject"');
  }

  /** The latest value of `key`: an unsaved write, else the cache, else the source. */
  get(key: string): Promise<V> {
    const pending = this.queue.get(key) ?? this.saving.get(key);
    if (pending !== undefined) return Promise.resolve(pending.value);
    return this.cache.getOrSet(key, () => this.source.load(key), this.options);
  }

  /**
   * Caches `value` and queues it for the source. Resolves once cached (not once durable). When
   * `maxPending` keys are unsaved, waits for room (`onFull: 'wait'`) or throws
   * {@link WriteBehindQueueFullError} (`onFull: 'reject'`).
   */
  async set(key: string, value: V): Promise<void> {
    if (this.closed) throw new PacelcError('WRITE_BEHIND_CLOSED', 'write-behind cache is closed', { outcome: 'definite' });
    const queued = this.queue.get(key);
    if (queued === undefined) {
      while (this.queue.size + this.saving.size >= this.maxPending) {
        if (this.onFull === 'reject') throw new WriteBehindQueueFullError(this.maxPending);
        await this.flush();
        if (this.closed) throw new PacelcError('WRITE_BEHIND_CLOSED', 'write-behind cache is closed', { outcome: 'definite' });
        if (this.queue.size + this.saving.size >= this.maxPending) await this.runtime.sleep(Math.max(1, this.retryAtMs - this.clock.monotonicMs()));
      }
    }
    const current = this.queue.get(key);
    this.counts.writes++;
    if (current !== undefined) {
      current.value = value;
      this.counts.coalesced++;
    } else {
      this.queue.set(key, { value, sinceMs: this.clock.monotonicMs(), attempts: 0 });
    }
    await this.cache.set(key, value, this.options);
    if (this.queue.size >= this.batchSize) void this.flush().catch(() => {});
    else this.schedule(this.flushIntervalMs);
  }

  /** Saves everything queued now (in batches), retrying failed batches up to `maxRetries`; resolves when the queue is empty or only failed batches waiting for their backoff remain. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Flushes everything (waiting out retries) and stops. Nothing acknowledged is lost unless the source keeps failing past `maxRetries`. */
  async close(): Promise<void> {
    this.closed = true;
    this.timer?.cancel();
    this.timer = undefined;
    while (this.queue.size > 0 || this.saving.size > 0) {
      await this.flush();
      if (this.queue.size > 0) await this.runtime.sleep(Math.max(0, this.retryAtMs - this.clock.monotonicMs()));
    }
  }

  /**
   * Simulates a crash: stops at once, dropping every unsaved write (queued or being saved), and
   * returns their keys. For tests and for measuring the loss window.
   */
  abandon(): string[] {
    this.closed = true;
    this.abandoned = true;
    this.timer?.cancel();
    this.timer = undefined;
    const keys = [...this.saving.keys(), ...[...this.queue.keys()].filter((key) => !this.saving.has(key))];
    this.counts.lost += keys.length;
    this.queue.clear();
    this.saving.clear();
    return keys;
  }

  /** Counts and the live data-loss window. */
  stats(): WriteBehindStats {
    const oldestUnsavedAgeMs = this.oldestUnsavedAgeMs();
    this.counts.maxUnsavedAgeMs = Math.max(this.counts.maxUnsavedAgeMs, oldestUnsavedAgeMs);
    const unsaved = new Set([...this.queue.keys(), ...this.saving.keys()]).size;
    return { ...this.counts, unsaved, oldestUnsavedAgeMs };
  }

  private oldestUnsavedAgeMs(): number {
    let oldest = Infinity;
    for (const pending of this.saving.values()) oldest = Math.min(oldest, pending.sinceMs);
    for (const pending of this.queue.values()) oldest = Math.min(oldest, pending.sinceMs);
    return oldest === Infinity ? 0 : this.clock.monotonicMs() - oldest;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.abandoned) return;
    this.timer = this.runtime.setTimer(delayMs, () => {
      this.timer = undefined;
      void this.flush().catch(() => {});
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0 && !this.abandoned) {
      if (this.clock.monotonicMs() < this.retryAtMs) {
        this.schedule(this.retryAtMs - this.clock.monotonicMs());
        return;
      }
      const batch: Array<[string, PendingWrite<V>]> = [];
      for (const entry of this.queue) {
        batch.push(entry);
        if (batch.length >= this.batchSize) break;
      }
      for (const [key, pending] of batch) {
        this.queue.delete(key);
        this.saving.set(key, pending);
      }
      this.counts.maxUnsavedAgeMs = Math.max(this.counts.maxUnsavedAgeMs, this.oldestUnsavedAgeMs());
      try {
        await this.source.saveMany(batch.map(([key, pending]) => [key, pending.value] as const));
        if (this.abandoned) return;
        this.counts.batches++;
        this.counts.saved += batch.length;
        this.retryAtMs = 0;
        for (const [key] of batch) this.saving.delete(key);
      } catch (error) {
        if (this.abandoned) return;
        this.counts.failedBatches++;
        const keys = batch.map(([key]) => key);
        const attempts = Math.max(...batch.map(([, pending]) => pending.attempts)) + 1;
        const dropped = attempts > this.maxRetries;
        this.onError(error, { keys, dropped });
        const retry: Array<[string, PendingWrite<V>]> = [];
        for (const [key, pending] of batch) {
          this.saving.delete(key);
          if (this.queue.has(key)) continue; // re-written meanwhile: the newer value supersedes this one
          if (dropped) this.counts.lost++;
          else retry.push([key, { ...pending, attempts }]);
        }
        this.requeueFront(retry);
        if (!dropped) this.retryAtMs = this.clock.monotonicMs() + Math.min(this.flushIntervalMs * 2 ** (attempts - 1), 30_000);
      }
    }
  }

  /** Puts failed writes back at the head of the queue, in order, keeping their original age. */
  private requeueFront(writes: ReadonlyArray<[string, PendingWrite<V>]>): void {
    if (writes.length === 0) return;
    const rest = [...this.queue];
    this.queue.clear();
    for (const [key, pending] of writes) this.queue.set(key, pending);
    for (const [key, pending] of rest) this.queue.set(key, pending);
  }
}
