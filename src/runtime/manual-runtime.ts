import type { Clock } from './clock.js';
import { Random } from './random.js';
import type { Runtime } from './runtime.js';
import { checkDelay, sleepOnTimer, type TimerHandle } from './timers.js';

/** Options of {@link ManualRuntime}. */
export interface ManualRuntimeOptions {
  /** Seed of the runtime's `Random`. Default 0. */
  readonly seed?: number;
  /** Wall-clock time (ms since the epoch) at monotonic time 0. Default 0. */
  readonly startWallMs?: number;
  /** Most timers one `advance` or `runAll` may fire before it throws, to catch runaway loops. Default 1,000,000. */
  readonly maxTimersPerRun?: number;
}

interface ScheduledTimer {
  readonly dueMs: number;
  readonly sequence: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * A runtime on virtual time, driven by the test: nothing happens until `advance` is called. Due
 * timers fire in time order (ties in creation order), and after each one the awaiting code that
 * it woke runs to its next wait before the next timer fires, so a run is deterministic.
 *
 * @example
 * ```ts
 * import { ManualRuntime } from 'pacelc/runtime';
 * const runtime = new ManualRuntime({ seed: 1 });
 * const log: string[] = [];
 * void runtime.sleep(20).then(() => log.push('slept 20'));
 * runtime.setTimer(10, () => log.push('timer 10'));
 * await runtime.advance(30);
 * log; // ['timer 10', 'slept 20']
 * runtime.clock.monotonicMs(); // 30
 * ```
 */
export class ManualRuntime implements Runtime {
  readonly clock: Clock;
  readonly random: Random;
  private readonly maxTimersPerRun: number;
  private readonly heap: ScheduledTimer[] = [];
  private nowMonotonicMs = 0;
  private wallOffsetMs: number;
  private nextSequence = 0;
  private liveTimers = 0;
  private running = false;

  constructor(options: ManualRuntimeOptions = {}) {
    this.random = new Random(options.seed ?? 0);
    this.wallOffsetMs = options.startWallMs ?? 0;
    this.maxTimersPerRun = options.maxTimersPerRun ?? 1_000_000;
    if (!Number.isFinite(this.wallOffsetMs)) {
      throw new RangeError(`Invalid startWallMs: expected a finite number, received ${String(options.startWallMs)}`);
    }
    if (!Number.isSafeInteger(this.maxTimersPerRun) || this.maxTimersPerRun < 1) {
      throw new RangeError(`Invalid maxTimersPerRun: expected an integer >= 1, received ${String(options.maxTimersPerRun)}`);
    }
    this.clock = {
      nowMs: () => this.nowMonotonicMs + this.wallOffsetMs,
      monotonicMs: () => this.nowMonotonicMs,
    };
  }

  /** How many timers are scheduled and not yet fired or cancelled (a leak check for tests). */
  get pendingTimers(): number {
    return this.liveTimers;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    checkDelay(delayMs);
    const timer: ScheduledTimer = {
      dueMs: this.nowMonotonicMs + delayMs,
      sequence: this.nextSequence++,
      callback,
      cancelled: false,
    };
    this.push(timer);
    this.liveTimers++;
    return {
      cancel: () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        this.liveTimers--;
      },
    };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return sleepOnTimer((ms, callback) => this.setTimer(ms, callback), delayMs, signal);
  }

  /**
   * Moves virtual time forward by `ms`, firing every timer that falls due on the way, in order,
   * and letting the code each one wakes run before the next. Resolves at the new time.
   */
  async advance(ms: number): Promise<void> {
    checkDelay(ms);
    await this.advanceTo(this.nowMonotonicMs + ms);
  }

  /** Like {@link ManualRuntime.advance}, to an absolute monotonic time (not in the past). */
  async advanceTo(targetMonotonicMs: number): Promise<void> {
    if (!(targetMonotonicMs >= this.nowMonotonicMs)) {
      throw new RangeError(`Invalid targetMonotonicMs: expected >= ${this.nowMonotonicMs}, received ${String(targetMonotonicMs)}`);
    }
    await this.run((due) => due <= targetMonotonicMs);
    this.nowMonotonicMs = targetMonotonicMs;
  }

  /** Fires timers until none is left, advancing time to each; throws past `maxTimersPerRun`. */
  async runAll(): Promise<void> {
    await this.run(() => true);
  }

  /** Lets pending promise callbacks run without moving time. */
  async settle(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Shifts the wall clock by `deltaMs` (clock skew or an NTP step); monotonic time is untouched. */
  skewWallClock(deltaMs: number): void {
    if (!Number.isFinite(deltaMs)) throw new RangeError(`Invalid deltaMs: expected a finite number, received ${String(deltaMs)}`);
    this.wallOffsetMs += deltaMs;
  }

  private async run(isDue: (dueMs: number) => boolean): Promise<void> {
    if (this.running) throw new Error('ManualRuntime: advance/runAll called while another is still running');
    this.running = true;
    try {
      await this.settle();
      let fired = 0;
      for (;;) {
        const next = this.peekLive();
        if (next === undefined || !isDue(next.dueMs)) break;
        if (++fired > this.maxTimersPerRun) {
          throw new Error(`ManualRuntime: more than ${this.maxTimersPerRun} timers fired in one run (a timer loop?)`);
        }
        this.pop();
        next.cancelled = true;
        this.liveTimers--;
        this.nowMonotonicMs = next.dueMs;
        next.callback();
        await this.settle();
      }
    } finally {
      this.running = false;
    }
  }

  private peekLive(): ScheduledTimer | undefined {
    while (this.heap.length > 0 && (this.heap[0] as ScheduledTimer).cancelled) this.pop();
    return this.heap[0];
  }

  private push(timer: ScheduledTimer): void {
    const heap = this.heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(timer, heap[parent] as ScheduledTimer)) break;
      heap[index] = heap[parent] as ScheduledTimer;
      index = parent;
    }
    heap[index] = timer;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop() as ScheduledTimer;
    if (heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as ScheduledTimer, heap[left] as ScheduledTimer) ? right : left;
      if (!before(heap[child] as ScheduledTimer, last)) break;
      heap[index] = heap[child] as ScheduledTimer;
      index = child;
    }
    heap[index] = last;
  }
}

function before(a: ScheduledTimer, b: ScheduledTimer): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.sequence < b.sequence);
}
