/**
 * The simulator's agenda: a binary min-heap of (time, sequence) keys on parallel typed arrays, each
 * entry naming a slot whose payload lives in pooled parallel arrays. Ties in time are broken by the
 * order of scheduling, so a run is a pure function of its inputs. No allocation per event once the
 * arrays have grown to the run's peak size.
 *
 * @example
 * ```ts
 * const queue = new EventQueue();
 * queue.push(5, 0, 1, 2, 0, 'later');
 * queue.push(1, 0, 1, 2, 0, 'sooner');
 * const slot = queue.pop();         // the slot of 'sooner'
 * queue.payloadOf(slot);            // 'sooner'
 * queue.release(slot);
 * ```
 */
export class EventQueue {
  private heapTime: Float64Array;
  private heapSequence: Float64Array;
  private heapSlot: Int32Array;
  private heapSize = 0;
  private nextSequence = 0;

  /** Per slot: a small integer kind (the kernel's event kinds). */
  private slotKind: Uint8Array;
  /** Per slot: the target (node or client address). */
  private slotTarget: Int32Array;
  /** Per slot: the source address, or -1. */
  private slotSource: Int32Array;
  /** Per slot: a number the kernel uses (incarnation, timer id...). */
  private slotTag: Float64Array;
  private slotPayload: unknown[];
  private freeSlots: Int32Array;
  private freeCount: number;
  private capacity: number;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.heapTime = new Float64Array(this.capacity);
    this.heapSequence = new Float64Array(this.capacity);
    this.heapSlot = new Int32Array(this.capacity);
    this.slotKind = new Uint8Array(this.capacity);
    this.slotTarget = new Int32Array(this.capacity);
    this.slotSource = new Int32Array(this.capacity);
    this.slotTag = new Float64Array(this.capacity);
    this.slotPayload = new Array<unknown>(this.capacity).fill(undefined);
    this.freeSlots = new Int32Array(this.capacity);
    for (let i = 0; i < this.capacity; i++) this.freeSlots[i] = this.capacity - 1 - i;
    this.freeCount = this.capacity;
  }

  /** How many events are scheduled. */
  get size(): number {
    return this.heapSize;
  }

  /** The time of the earliest event, or `Infinity` when empty. */
  peekTime(): number {
    return this.heapSize === 0 ? Infinity : (this.heapTime[0] as number);
  }

  /** Schedules an event and returns its slot. */
  push(timeMs: number, kind: number, target: number, source: number, tag: number, payload: unknown): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount] as number;
    this.slotKind[slot] = kind;
    this.slotTarget[slot] = target;
    this.slotSource[slot] = source;
    this.slotTag[slot] = tag;
    this.slotPayload[slot] = payload;
    const sequence = this.nextSequence++;
    // Sift up with a hole instead of swaps.
    let index = this.heapSize++;
    const times = this.heapTime;
    const sequences = this.heapSequence;
    const slots = this.heapSlot;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime < timeMs || (parentTime === timeMs && (sequences[parent] as number) < sequence)) break;
      times[index] = parentTime;
      sequences[index] = sequences[parent] as number;
      slots[index] = slots[parent] as number;
      index = parent;
    }
    times[index] = timeMs;
    sequences[index] = sequence;
    slots[index] = slot;
    return slot;
  }

  /** Removes the earliest event and returns its slot (read it, then {@link release} it), or -1 when empty. */
  pop(): number {
    if (this.heapSize === 0) return -1;
    const times = this.heapTime;
    const sequences = this.heapSequence;
    const slots = this.heapSlot;
    const top = slots[0] as number;
    const size = --this.heapSize;
    if (size > 0) {
      const lastTime = times[size] as number;
      const lastSequence = sequences[size] as number;
      const lastSlot = slots[size] as number;
      let index = 0;
      for (;;) {
        let child = 2 * index + 1;
        if (child >= size) break;
        const right = child + 1;
        if (right < size) {
          const leftTime = times[child] as number;
          const rightTime = times[right] as number;
          if (rightTime < leftTime || (rightTime === leftTime && (sequences[right] as number) < (sequences[child] as number))) child = right;
        }
        const childTime = times[child] as number;
        if (lastTime < childTime || (lastTime === childTime && lastSequence < (sequences[child] as number))) break;
        times[index] = childTime;
        sequences[index] = sequences[child] as number;
        slots[index] = slots[child] as number;
        index = child;
      }
      times[index] = lastTime;
      sequences[index] = lastSequence;
      slots[index] = lastSlot;
    }
    return top;
  }

  /** The time the earliest event was scheduled for; call before {@link pop}. */
  topTime(): number {
    return this.heapTime[0] as number;
  }

  kindOf(slot: number): number {
    return this.slotKind[slot] as number;
  }

  targetOf(slot: number): number {
    return this.slotTarget[slot] as number;
  }

  sourceOf(slot: number): number {
    return this.slotSource[slot] as number;
  }

  tagOf(slot: number): number {
    return this.slotTag[slot] as number;
  }

  payloadOf(slot: number): unknown {
    return this.slotPayload[slot];
  }

  /** Returns a popped slot to the pool. */
  release(slot: number): void {
    this.slotPayload[slot] = undefined;
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const old = this.capacity;
    const capacity = old * 2;
    const copyF64 = (from: Float64Array): Float64Array => {
      const to = new Float64Array(capacity);
      to.set(from);
      return to;
    };
    const copyI32 = (from: Int32Array): Int32Array => {
      const to = new Int32Array(capacity);
      to.set(from);
      return to;
    };
    this.heapTime = copyF64(this.heapTime);
    this.heapSequence = copyF64(this.heapSequence);
    this.heapSlot = copyI32(this.heapSlot);
    const kinds = new Uint8Array(capacity);
    kinds.set(this.slotKind);
    this.slotKind = kinds;
    this.slotTarget = copyI32(this.slotTarget);
    this.slotSource = copyI32(this.slotSource);
    this.slotTag = copyF64(this.slotTag);
    this.slotPayload.length = capacity;
    this.slotPayload.fill(undefined, old);
    this.freeSlots = copyI32(this.freeSlots);
    for (let slot = capacity - 1; slot >= old; slot--) this.freeSlots[this.freeCount++] = slot;
    this.capacity = capacity;
  }
}
