import type { Runtime, TimerHandle } from '../runtime/index.js';

/**
 * When a deadline falls (internal): the due time of the calls that began together, `stampMs`
 * (monotonic ms). At a low call rate each call has an epoch of its own, stamped as it begins;
 * while batching, every call that begins between two ticks shares the open epoch, stamped by the
 * tick that closes it (`NaN` until then).
 */
export class Epoch<T = unknown> {
  constructor(
    readonly timer: DeadlineTimer<T>,
    public stampMs: number,
  ) {}

  /** The due time; before the stamp, the earliest it can be (so a plan made by it is never late). */
  dueMs(): number {
    return Number.isNaN(this.stampMs) ? this.timer.earliestDueMs() : this.stampMs;
  }

  /** Whether the due time has passed (never while unstamped: the stamp will be later than now). */
  passed(): boolean {
    return !Number.isNaN(this.stampMs) && this.stampMs <= this.timer.nowMs();
  }
}

/** One deadline armed on its timer (internal); `dueMs` is `NaN` while its epoch is unstamped. */
export class Deadline<T> {
  previous: Deadline<T> | undefined = undefined;
  next: Deadline<T> | undefined = undefined;
  /** Which list holds it: stamped (sorted by due time), pending (its epoch is unstamped) or none. */
  list: 0 | 1 | 2 = 0;

  constructor(
    readonly epoch: Epoch<T>,
    readonly target: T,
    public dueMs: number,
  ) {}
}

const unlinked = 0;
const stamped = 1;
const pending = 2;

/** Calls begun within one `precisionMs` after which deadlines are stamped in batches. */
const batchAfter = 8;

/**
 * Deadlines of one length (`lengthMs`) on one runtime timer (internal).
 *
 * Beginning a deadline and arming it are two steps. {@link DeadlineTimer.begin} only records when
 * the call's deadline falls; {@link DeadlineTimer.arm} puts it on the timer, which is needed only
 * once something could see it fire — the function reads its `signal`, a layer asks whether the
 * call was aborted, or someone listens to the events. A call that finishes unobserved (most calls)
 * costs the timer no node, no list operation and no timer.
 *
 * At a low call rate `begin` reads the clock and every due time is exact. When calls begin faster
 * (more than {@link batchAfter} within `precisionMs`) the clock is no longer read per call: `begin`
 * hands out the open {@link Epoch}, and a tick every `precisionMs` stamps it with
 * `tick time + lengthMs`. Every call in it began before that tick, so a deadline never fires
 * early, and at most `precisionMs` (plus event-loop lag) late. This is the hashed-wheel idea of
 * Netty's and Kafka's timers reduced to one length: due times arrive in order, so plain linked
 * lists are the priority queue.
 *
 * Nothing is left behind: the timer runs only while deadlines are armed or calls keep arriving
 * fast, and the tick after arrivals stop finds nothing to do and stops.
 */
export class DeadlineTimer<T> {
  private stampedHead: Deadline<T> | undefined;
  private stampedTail: Deadline<T> | undefined;
  private pendingHead: Deadline<T> | undefined;
  private pendingTail: Deadline<T> | undefined;
  private handle: TimerHandle | undefined;
  /** The epoch calls begin in while batching; `undefined` while due times are exact. */
  private open: Epoch<T> | undefined;
  private arrivals = 0;
  /** Start of the window in which exact-mode arrivals are counted. */
  private windowStartMs = Number.NEGATIVE_INFINITY;
  private readonly onFire = (): void => this.fire();

  constructor(
    private readonly runtime: Runtime,
    readonly lengthMs: number,
    private readonly precisionMs: number,
    private readonly expire: (target: T) => void,
  ) {}

  /** The earliest due time a deadline begun now can get. */
  earliestDueMs(): number {
    return this.runtime.clock.monotonicMs() + this.lengthMs;
  }

  /** The runtime's monotonic time. */
  nowMs(): number {
    return this.runtime.clock.monotonicMs();
  }

  /** Records that a call begins now: the epoch its deadline falls with (arm it with {@link arm}). */
  begin(): Epoch<T> {
    this.arrivals++;
    if (this.open !== undefined) return this.open;
    const nowMs = this.runtime.clock.monotonicMs();
    if (nowMs - this.windowStartMs >= this.precisionMs) {
      this.windowStartMs = nowMs;
      this.arrivals = 1;
    } else if (this.arrivals > batchAfter) {
      // Calls arrive fast: stop reading the clock per call and stamp them in batches.
      this.open = new Epoch(this, Number.NaN);
      this.arrivals = 1;
      this.rearm(this.nextTickInMs(nowMs));
      return this.open;
    }
    return new Epoch(this, nowMs + this.lengthMs);
  }

  /**
   * Puts the deadline of `epoch` on the timer, to call `expire(target)` when it passes. One that
   * has passed already expires now and returns `undefined`.
   */
  arm(target: T, epoch: Epoch<T>): Deadline<T> | undefined {
    const dueMs = epoch.stampMs;
    if (Number.isNaN(dueMs)) {
      const deadline = new Deadline(epoch, target, dueMs);
      this.appendPending(deadline);
      return deadline; // the open epoch's tick is armed already
    }
    const nowMs = this.runtime.clock.monotonicMs();
    if (dueMs <= nowMs) {
      this.expire(target);
      return undefined;
    }
    const deadline = new Deadline(epoch, target, dueMs);
    this.insertStamped(deadline);
    if (this.open === undefined && this.stampedHead === deadline) this.rearm(dueMs - nowMs);
    return deadline;
  }

  /** Disarms `deadline`; a no-op when it already fired or was removed. */
  remove(deadline: Deadline<T>): void {
    if (deadline.list === unlinked) return;
    this.unlink(deadline);
    if (this.open === undefined && this.stampedHead === undefined && this.handle !== undefined) {
      this.handle.cancel();
      this.handle = undefined;
    }
  }

  private fire(): void {
    this.handle = undefined;
    const nowMs = this.runtime.clock.monotonicMs();
    const open = this.open;
    if (open !== undefined) {
      open.stampMs = nowMs + this.lengthMs;
      this.stampPending(open.stampMs);
    }
    while (this.stampedHead !== undefined && this.stampedHead.dueMs <= nowMs) {
      const due = this.stampedHead;
      this.unlink(due);
      this.expire(due.target);
    }
    if (open !== undefined && this.arrivals > batchAfter) {
      // Still arriving fast: keep stamping in batches, and expire the head on time.
      this.open = new Epoch(this, Number.NaN);
      this.arrivals = 0;
      this.rearm(this.nextTickInMs(nowMs));
      return;
    }
    if (open !== undefined) {
      this.open = undefined;
      this.windowStartMs = nowMs;
      this.arrivals = 0;
    }
    if (this.stampedHead !== undefined) this.rearm(Math.max(0, this.stampedHead.dueMs - nowMs));
  }

  /** Arms the runtime timer to fire in `delayMs` (replacing an armed one). */
  private rearm(delayMs: number): void {
    this.handle?.cancel();
    this.handle = this.runtime.setTimer(delayMs, this.onFire);
  }

  /** While batching: the next stamping tick, or the head's due time if that comes first. */
  private nextTickInMs(nowMs: number): number {
    return this.stampedHead === undefined ? this.precisionMs : Math.min(this.precisionMs, Math.max(0, this.stampedHead.dueMs - nowMs));
  }

  /** Moves the pending deadlines (all of the open epoch) to the end of the stamped list. */
  private stampPending(dueMs: number): void {
    const head = this.pendingHead;
    if (head === undefined) return;
    for (let deadline: Deadline<T> | undefined = head; deadline !== undefined; deadline = deadline.next) {
      deadline.dueMs = dueMs;
      deadline.list = stamped;
    }
    if (this.stampedTail === undefined) this.stampedHead = head;
    else this.stampedTail.next = head;
    head.previous = this.stampedTail;
    this.stampedTail = this.pendingTail;
    this.pendingHead = this.pendingTail = undefined;
  }

  private appendPending(deadline: Deadline<T>): void {
    deadline.list = pending;
    deadline.previous = this.pendingTail;
    if (this.pendingTail === undefined) this.pendingHead = deadline;
    else this.pendingTail.next = deadline;
    this.pendingTail = deadline;
  }

  /**
   * Inserts into the stamped list by due time, searching from the tail: a deadline is armed
   * mostly right after it begins, when it is the latest.
   */
  private insertStamped(deadline: Deadline<T>): void {
    deadline.list = stamped;
    let after = this.stampedTail;
    while (after !== undefined && after.dueMs > deadline.dueMs) after = after.previous;
    const before = after === undefined ? this.stampedHead : after.next;
    deadline.previous = after;
    deadline.next = before;
    if (after === undefined) this.stampedHead = deadline;
    else after.next = deadline;
    if (before === undefined) this.stampedTail = deadline;
    else before.previous = deadline;
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
