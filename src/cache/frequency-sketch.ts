import { Doorkeeper, nextPowerOfTwo } from './doorkeeper.js';
import { mix32 } from './hash.js';

const depth = 4;
const maxCount = 15; // 4-bit counters, as Caffeine
const seeds = [0x97cb3127, 0x9e3779b9, 0x7f4a7c15, 0xd2c4f4e5] as const;

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
  private readonly doorkeeper: Doorkeeper;
  private readonly sampleSize: number;
  private additions = 0;
  /** How many times the sketch has aged (halved its counters). */
  resets = 0;

  constructor(capacity: number) {
    const width = nextPowerOfTwo(Math.max(16, capacity));
    this.counters = new Uint8Array(width * depth);
    this.mask = width - 1;
    this.sampleSize = Math.max(10, 10 * capacity);
    this.doorkeeper = new Doorkeeper(this.sampleSize);
  }

  /** Estimated accesses of the key with hash `hash` since it was last aged (never under-counts between resets). */
  frequency(hash: number): number {
    let minimum = maxCount;
    for (let row = 0; row < depth; row++) {
      const count = this.counters[this.index(hash, row)]!;
      if (count < minimum) minimum = count;
    }
    return this.doorkeeper.contains(hash) ? minimum + 1 : minimum;
  }

  /** Records one access of the key with hash `hash`. */
  increment(hash: number): void {
    if (this.doorkeeper.put(hash)) {
      if (++this.additions >= this.sampleSize) this.age();
      return;
    }
    // Conservative update: raise only the counters at the current minimum.
    let minimum = maxCount;
    for (let row = 0; row < depth; row++) {
      const count = this.counters[this.index(hash, row)]!;
      if (count < minimum) minimum = count;
    }
    if (minimum === maxCount) return;
    for (let row = 0; row < depth; row++) {
      const index = this.index(hash, row);
      if (this.counters[index] === minimum) this.counters[index] = minimum + 1;
    }
    if (++this.additions >= this.sampleSize) this.age();
  }

  private index(hash: number, row: number): number {
    return row * (this.mask + 1) + (mix32(hash ^ seeds[row]!) & this.mask);
  }

  private age(): void {
    const counters = this.counters;
    for (let index = 0; index < counters.length; index++) counters[index] = counters[index]! >>> 1;
    this.doorkeeper.clear();
    this.additions = this.additions >>> 1;
    this.resets++;
  }
}
