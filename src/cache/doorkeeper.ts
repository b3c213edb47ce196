import { mix32 } from './hash.js';

/**
 * TinyLFU's doorkeeper: a Bloom filter in front of the frequency sketch. A key's first access
 * only sets its bits here; only repeat accesses reach the sketch, so the long tail of one-hit
 * keys does not pollute the counters (Einziger, Friedman & Manes, "TinyLFU: A Highly Efficient
 * Cache Admission Policy", ACM ToS 2017). Cleared whenever the sketch ages.
 *
 * @example
 * ```ts
 * const doorkeeper = new Doorkeeper(1_000);
 * doorkeeper.put(hashKey('a')); // true: first time
 * doorkeeper.put(hashKey('a')); // false: seen
 * ```
 */
export class Doorkeeper {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  /** A filter sized for about `expectedInsertions` distinct keys per aging period (~1% false positives). */
  constructor(expectedInsertions: number) {
    const bitCount = nextPowerOfTwo(Math.max(64, Math.ceil(expectedInsertions * 10)));
    this.bits = new Uint32Array(bitCount >>> 5);
    this.mask = bitCount - 1;
  }

  /** Whether `hash` is (probably) in the filter. */
  contains(hash: number): boolean {
    const second = mix32(hash ^ 0x9e3779b9);
    for (let probe = 0; probe < 3; probe++) {
      const bit = (hash + Math.imul(probe, second)) & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  /** Adds `hash`; true if it was (certainly) absent before. */
  put(hash: number): boolean {
    const second = mix32(hash ^ 0x9e3779b9);
    let added = false;
    for (let probe = 0; probe < 3; probe++) {
      const bit = (hash + Math.imul(probe, second)) & this.mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if ((this.bits[word]! & flag) === 0) {
        this.bits[word] = this.bits[word]! | flag;
        added = true;
      }
    }
    return added;
  }

  /** Forgets every key. */
  clear(): void {
    this.bits.fill(0);
  }
}

/**
 * @example
 * ```ts
 * nextPowerOfTwo(1_000); // 1024
 * ```
 */
export function nextPowerOfTwo(value: number): number {
  let power = 1;
  while (power < value) power *= 2;
  return power;
}
