import { Doorkeeper, nextPowerOfTwo } from './doorkeeper.js';
import { mix32 } from './hash.js';

const depth = 4;
const maxCount = 15; // 4-bit counters, as Caffeine

/**
 * The popularity estimate behind W-TinyLFU admission: a count-min sketch of 4-bit counters (four
 * rows, width a power of two ≥ the cache size) behind a {@link Doorkeeper}, with **aging**: after
 * `10 × capacity` recorded accesses every counter is halved and the doorkeeper cleared, so that
 * yesterday's hot keys fade (the "reset" of Einziger, Friedman & Manes, TinyLFU, 2017).
 *
 * @example
 * ```ts
 * const sketch = new FrequencySketch(1_000);
 * sketch.increment(hashKey('a'));
 * sketch.increment(hashKey('a'));
 * sketch.frequency(hashKey('a')); // 2
 * ```
 */
export class FrequencySketch {
  private readonly counters: Uint8Array;
  private readonly mask: number;
  private readonly width: number;
  /** The counter of each row for the key being looked at (reused: no allocation per access). */
  private readonly slots = new Int32Array(depth);
  private readonly doorkeeper: Doorkeeper;
  private readonly sampleSize: number;
  private additions = 0;
  /** How many times the sketch has aged (halved its counters). */
  resets = 0;

  constructor(capacity: number) {
    const width = nextPowerOfTwo(Math.max(16, capacity));
    this.counters = new Uint8Array(width * depth);
    this.width = width;
    this.mask = width - 1;
    this.sampleSize = Math.max(10, 10 * capacity);
    this.doorkeeper = new Doorkeeper(this.sampleSize);
  }

  /** Estimated accesses of the key with hash `hash` since it was last aged (never under-counts between resets). */
  frequency(hash: number): number {
    const minimum = this.locate(hash);
    return this.doorkeeper.contains(hash) ? minimum + 1 : minimum;
  }

  /** Records one access of the key with hash `hash`. */
  increment(hash: number): void {
    if (this.doorkeeper.put(hash)) {
      if (++this.additions >= this.sampleSize) this.age();
      return;
    }
    // Conservative update: raise only the counters at the current minimum.
    const minimum = this.locate(hash);
    if (minimum === maxCount) return;
    const counters = this.counters;
    const slots = this.slots;
    for (let row = 0; row < depth; row++) {
      const slot = slots[row] as number;
      if (counters[slot] === minimum) counters[slot] = minimum + 1;
    }
    if (++this.additions >= this.sampleSize) this.age();
  }

  /** Fills `slots` with the key's counter in each row (double hashing) and returns their minimum. */
  private locate(hash: number): number {
    const step = mix32(hash) | 1;
    const counters = this.counters;
    let minimum = maxCount;
    for (let row = 0; row < depth; row++) {
      const slot = row * this.width + ((hash + Math.imul(row, step)) & this.mask);
      this.slots[row] = slot;
      const count = counters[slot] as number;
      if (count < minimum) minimum = count;
    }
    return minimum;
  }

  private age(): void {
    const counters = this.counters;
    for (let index = 0; index < counters.length; index++) counters[index] = counters[index]! >>> 1;
    this.doorkeeper.clear();
    this.additions = this.additions >>> 1;
    this.resets++;
  }
}
