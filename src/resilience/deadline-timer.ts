import type { Runtime, TimerHandle } from '../runtime/index.js';

/**
 * One armed deadline (internal). `dueMs` is `NaN` while the deadline waits for the timer's next
 * tick to stamp it (see {@link DeadlineTimer}).
 */
export class Deadline<T> {
  dueMs = Number.NaN;
  previous: Deadline<T> | undefined = undefined;
  next: Deadline<T> | undefined = undefined;
  /** Which list holds it: stamped (sorted by due time), pending (not yet stamped) or none. */
  list: 0 | 1 | 2 = 0;

  constructor(
    readonly timer: DeadlineTimer<T>,
    readonly target: T,
  ) {}

  /**
   * The due time (monotonic ms). Before the timer stamps it, the earliest it can be: the stamp
   * will be at least this, so a caller who plans by it finishes in time.
   */
  get dueMsEstimate(): number {
    return Number.isNaN(this.dueMs) ? this.timer.earliestDueMs() : this.dueMs;
  }
}

const unlinked = 0;
const stamped = 1;
const pending = 2;

/** Arrivals between two firings of the timer after which deadlines are stamped in batches. */
const batchAfter = 8;

/**
 * Deadlines of one length (`lengthMs`) on one runtime timer (internal).
 *
 * At a low call rate each deadline reads the clock and is exact. When calls arrive faster (more
 * than {@link batchAfter} between two firings of the timer) the clock is no longer read per call:
 * a new deadline waits in a pending list and the timer, now ticking every `precisionMs`, stamps
 * the whole list with `tick time + lengthMs`. Every call in it started before that tick, so a
 * deadline never fires early, and at most `precisionMs` (plus event-loop lag) late: expiries
 * themselves stay on time, only the stamp is rounded up. This is the
 * hashed-wheel idea of Netty's and Kafka's timers, reduced to one length: deadlines arrive in due
 * order, so plain linked lists are the priority queue, and add and remove are O(1).
 *
 * Nothing is left behind: at a low rate the timer is cancelled when the last deadline goes; while
 * batching, the next tick (at most `precisionMs` away) finds the lists empty and stops.
 */
export class DeadlineTimer<T> {
  private stampedHead: Deadline<T> | undefined;
  private stampedTail: Deadline<T> | undefined;
  private pendingHead: Deadline<T> | undefined;
  private pendingTail: Deadline<T> | undefined;
  private handle: TimerHandle | undefined;
  /** True while the timer ticks every `precisionMs` to stamp pending deadlines. */
  private batching = false;
  private arrivals = 0;
  private readonly onFire = (): void => this.fire();

  constructor(
    private readonly runtime: Runtime,
    private readonly lengthMs: number,
    private readonly precisionMs: number,
    private readonly expire: (target: T) => void,
  ) {}

  /** The earliest due time a deadline added now can get. */
  earliestDueMs(): number {
    return this.runtime.clock.monotonicMs() + this.lengthMs;
  }

  /** Arms a deadline `lengthMs` from now for `target`. */
  add(target: T): Deadline<T> {
    const deadline = new Deadline(this, target);
    this.arrivals++;
    if (this.batching) {
      this.append(deadline, pending);
      return deadline;
    }
    if (this.arrivals > batchAfter) {
      // Calls arrive fast: stop reading the clock per call and stamp them in batches.
      this.handle?.cancel();
      this.batching = true;
      this.arrivals = 1;
      this.handle = this.runtime.setTimer(this.nextTickInMs(this.runtime.clock.monotonicMs()), this.onFire);
      this.append(deadline, pending);
      return deadline;
    }
    deadline.dueMs = this.earliestDueMs();
    this.append(deadline, stamped);
    this.handle ??= this.runtime.setTimer(this.lengthMs, this.onFire);
    return deadline;
  }

  /** Disarms `deadline`; a no-op when it already fired or was removed. */
  remove(deadline: Deadline<T>): void {
    if (deadline.list === unlinked) return;
    this.unlink(deadline);
    if (!this.batching && this.stampedHead === undefined && this.handle !== undefined) {
      this.handle.cancel();
      this.handle = undefined;
    }
  }

  private fire(): void {
    this.handle = undefined;
    const nowMs = this.runtime.clock.monotonicMs();
    const wasBatching = this.batching;
    this.batching = false;
    for (let deadline = this.pendingHead; deadline !== undefined; deadline = deadline.next) {
      deadline.dueMs = nowMs + this.lengthMs;
      deadline.list = stamped;
    }
    if (this.pendingHead !== undefined) {
      if (this.stampedTail === undefined) this.stampedHead = this.pendingHead;
      else this.stampedTail.next = this.pendingHead;
      (this.pendingHead as Deadline<T>).previous = this.stampedTail;
      this.stampedTail = this.pendingTail;
      this.pendingHead = this.pendingTail = undefined;
    }
    while (this.stampedHead !== undefined && this.stampedHead.dueMs <= nowMs) {
      const due = this.stampedHead;
      this.unlink(due);
      this.expire(due.target);
    }
    const busy = wasBatching && this.arrivals > batchAfter;
    this.arrivals = 0;
    if (this.handle !== undefined) return; // an expiry added a deadline that armed the timer
    if (busy) {
      // Still arriving fast: keep stamping in batches, and expire the head on time.
      this.batching = true;
      this.handle = this.runtime.setTimer(this.nextTickInMs(nowMs), this.onFire);
    } else if (this.stampedHead !== undefined) {
      this.handle = this.runtime.setTimer(Math.max(0, this.stampedHead.dueMs - nowMs), this.onFire);
    }
  }

  /** While batching: the next stamping tick, or the head's due time if that comes first. */
  private nextTickInMs(nowMs: number): number {
    return this.stampedHead === undefined ? this.precisionMs : Math.min(this.precisionMs, Math.max(0, this.stampedHead.dueMs - nowMs));
  }

  private append(deadline: Deadline<T>, list: typeof stamped | typeof pending): void {
    deadline.list = list;
    if (list === stamped) {
      deadline.previous = this.stampedTail;
      if (this.stampedTail === undefined) this.stampedHead = deadline;
      else this.stampedTail.next = deadline;
      this.stampedTail = deadline;
    } else {
      deadline.previous = this.pendingTail;
      if (this.pendingTail === undefined) this.pendingHead = deadline;
      else this.pendingTail.next = deadline;
      this.pendingTail = deadline;
    }
  }

  private unlink(deadline: Deadline<T>): void {
    const inPending = deadline.list === pending;
    deadline.list = unlinked;
    if (deadline.previous === undefined) {
      if (inPending) this.pendingHead = deadline.next;
      else this.stampedHead = deadline.next;
    } else {
      deadline.previous.next = deadline.next;
    }
    if (deadline.next === undefined) {
      if (inPending) this.pendingTail = deadline.previous;
      else this.stampedTail = deadline.previous;
    } else {
      deadline.next.previous = deadline.previous;
    }
    deadline.previous = undefined;
    deadline.next = undefined;
  }
}
