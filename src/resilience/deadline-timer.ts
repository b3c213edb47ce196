import type { Runtime, TimerHandle } from '../runtime/index.js';

/** One armed deadline (internal). */
export interface Deadline {
  readonly dueMs: number;
  readonly expire: () => void;
  previous: Deadline | undefined;
  next: Deadline | undefined;
  linked: boolean;
}

/**
 * Many deadlines of the same length on one runtime timer (internal). Deadlines that are added
 * with a fixed length and a monotonic clock arrive in due order, so a linked list kept in
 * insertion order is also a priority queue: add and remove are O(1), and concurrent calls share
 * one timer instead of arming one each. The timer is cancelled as soon as the list empties, so
 * nothing is left behind when calls stop.
 */
export class DeadlineTimer {
  private head: Deadline | undefined;
  private tail: Deadline | undefined;
  private handle: TimerHandle | undefined;
  private armedForMs = Number.POSITIVE_INFINITY;
  private readonly onFire = (): void => this.fire();

  constructor(private readonly runtime: Runtime) {}

  /** Arms `expire` to run at monotonic time `dueMs` (which must not be before the last one added). */
  add(dueMs: number, expire: () => void): Deadline {
    const deadline: Deadline = { dueMs, expire, previous: this.tail, next: undefined, linked: true };
    if (this.tail === undefined) this.head = deadline;
    else this.tail.next = deadline;
    this.tail = deadline;
    if (this.handle === undefined) this.arm(dueMs);
    return deadline;
  }

  /** Disarms `deadline`; a no-op when it already fired or was removed. */
  remove(deadline: Deadline): void {
    if (!deadline.linked) return;
    this.unlink(deadline);
    if (this.head === undefined && this.handle !== undefined) {
      this.handle.cancel();
      this.handle = undefined;
      this.armedForMs = Number.POSITIVE_INFINITY;
    }
  }

  private arm(dueMs: number): void {
    this.armedForMs = dueMs;
    this.handle = this.runtime.setTimer(Math.max(0, dueMs - this.runtime.clock.monotonicMs()), this.onFire);
  }

  private fire(): void {
    this.handle = undefined;
    const nowMs = Math.max(this.runtime.clock.monotonicMs(), this.armedForMs);
    while (this.head !== undefined && this.head.dueMs <= nowMs) {
      const due = this.head;
      this.unlink(due);
      due.expire();
    }
    this.armedForMs = Number.POSITIVE_INFINITY;
    if (this.head !== undefined && this.handle === undefined) this.arm(this.head.dueMs);
  }

  private unlink(deadline: Deadline): void {
    deadline.linked = false;
    if (deadline.previous === undefined) this.head = deadline.next;
    else deadline.previous.next = deadline.next;
    if (deadline.next === undefined) this.tail = deadline.previous;
    else deadline.next.previous = deadline.previous;
    deadline.previous = undefined;
    deadline.next = undefined;
  }
}
