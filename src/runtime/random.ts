/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman & Vigna) in 32-bit integer
 * arithmetic, so the same seed gives the same numbers on every machine and Node version.
 * It is fast (no allocation per draw) and not cryptographic.
 *
 * @example
 * ```ts
 * import { Random } from 'pacelc/runtime';
 * const random = new Random(7);
 * random.int(6) + 1;            // a die roll
 * random.pick(['a', 'b', 'c']);  // one of them
 * const child = random.fork();   // an independent stream for a sub-component
 * ```
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** @param seed a safe integer ≥ 0; the same seed always gives the same sequence. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`Invalid seed: expected a safe integer >= 0, received ${String(seed)}`);
    }
    const low = seed >>> 0;
    const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
    // splitmix32 expands the seed so that nearby seeds give unrelated states.
    let mixState = (low ^ Math.imul(high, 0x85ebca6b)) >>> 0;
    const nextMixed = (): number => {
      mixState = (mixState + 0x9e3779b9) >>> 0;
      let z = mixState;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.s0 = nextMixed();
    this.s1 = nextMixed();
    this.s2 = nextMixed();
    this.s3 = nextMixed() | (high === 0 && low === 0 ? 1 : 0);
  }

  /**
   * A generator with exactly this internal state (four 32-bit words, not all zero), e.g. from
   * {@link Random.toJSON}.
   *
   * @example
   * ```ts
   * const copy = Random.fromState(random.toJSON().state);
   * ```
   */
  static fromState(state: readonly [number, number, number, number]): Random {
    if (state.length !== 4 || state.some((word) => !Number.isInteger(word) || word < 0 || word > 0xffff_ffff)) {
      throw new RangeError(`Invalid state: expected four 32-bit unsigned integers, received ${JSON.stringify(state)}`);
    }
    if (state.every((word) => word === 0)) throw new RangeError('Invalid state: all four words are zero');
    const random = new Random(0);
    [random.s0, random.s1, random.s2, random.s3] = state;
    return random;
  }

  /** The next 32-bit unsigned integer. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 53 random bits. */
  float(): number {
    const high = this.next() >>> 5; // 27 bits
    const low = this.next() >>> 6; // 26 bits
    return (high * 67_108_864 + low) / 9_007_199_254_740_992;
  }

  /**
   * An integer in [0, n), without modulo bias (Lemire's method). `n` is an integer in [1, 2^32].
   *
   * @example
   * ```ts
   * const replica = random.int(5); // 0..4
   * ```
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) {
      throw new RangeError(`Invalid n: expected an integer in [1, 2^32], received ${String(n)}`);
    }
    if (n === 0x1_0000_0000) return this.next();
    // Multiply-shift with a rejection zone: exact uniformity with about one draw per call.
    if (n <= 0x20_0000) {
      // x·n < 2^53 is exact in a double: the common, fast case.
      for (;;) {
        const product = this.next() * n;
        const low = product >>> 0;
        if (low >= n || low >= (0x1_0000_0000 - n) % n) return Math.floor(product / 0x1_0000_0000);
      }
    }
    const threshold = (0x1_0000_0000 - n) % n;
    for (;;) {
      // The 64-bit product x·n, split so that every step stays exact below 2^53.
      const x = this.next();
      const upper = (x >>> 16) * n;
      const upperHigh = Math.floor(upper / 0x1_0000);
      const rest = (upper % 0x1_0000) * 0x1_0000 + (x & 0xffff) * n;
      const low = rest % 0x1_0000_0000;
      if (low >= threshold) return upperHigh + Math.floor(rest / 0x1_0000_0000);
    }
  }

  /** An integer in [min, max], both inclusive. */
  intBetween(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min || max - min >= 0x1_0000_0000) {
      throw new RangeError(`Invalid range: expected safe integers min <= max spanning at most 2^32, received [${String(min)}, ${String(max)}]`);
    }
    return min + this.int(max - min + 1);
  }

  /** `true` with probability `p` (0 ≤ p ≤ 1). */
  chance(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Invalid p: expected a probability in [0, 1], received ${String(p)}`);
    return this.float() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Invalid items: cannot pick from an empty array');
    return items[this.int(items.length)] as T;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
    return items;
  }

  /**
   * An independent stream: the child continues this generator's sequence and this generator
   * jumps 2^64 draws ahead, so the two never overlap in practice. Forking is deterministic.
   */
  fork(): Random {
    const child = Random.fromState([this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0]);
    this.jump();
    return child;
  }

  /** Exponentially distributed, with the given mean (> 0). */
  exponential(mean: number): number {
    checkPositive('mean', mean);
    return -Math.log(1 - this.float()) * mean;
  }

  /** Normally distributed (Box–Muller), with the given mean and standard deviation (≥ 0). */
  normal(mean: number, standardDeviation: number): number {
    if (!Number.isFinite(mean)) throw new RangeError(`Invalid mean: expected a finite number, received ${String(mean)}`);
    if (!(standardDeviation >= 0) || !Number.isFinite(standardDeviation)) {
      throw new RangeError(`Invalid standardDeviation: expected a finite number >= 0, received ${String(standardDeviation)}`);
    }
    const u1 = 1 - this.float(); // (0, 1]: log is finite
    const u2 = this.float();
    return mean + standardDeviation * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Log-normally distributed: `exp(normal(mu, sigma))`. Its median is `exp(mu)`; for a latency
   * with median m ms use `lognormal(Math.log(m), sigma)`.
   */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * A Zipf-distributed rank in [0, n): rank 0 is the most popular, with weight ∝ 1/(rank+1)^s.
   * For many draws with the same parameters, use {@link Random.zipfSampler}.
   */
  zipf(n: number, s: number): number {
    return this.zipfSampler(n, s)();
  }

  /**
   * A sampler of Zipf ranks in [0, n) with exponent `s` > 0, by rejection-inversion
   * (Hörmann & Derflinger 1996): constant time per draw, no table, any n.
   *
   * @example
   * ```ts
   * const nextKey = random.zipfSampler(1_000, 1.1);
   * const key = `key-${nextKey()}`;
   * ```
   */
  zipfSampler(n: number, s: number): () => number {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Invalid n: expected a safe integer >= 1, received ${String(n)}`);
    checkPositive('s', s);
    const h = (x: number): number => Math.exp(-s * Math.log(x));
    const hIntegral = (x: number): number => {
      const logX = Math.log(x);
      return expm1OverX((1 - s) * logX) * logX;
    };
    const hIntegralInverse = (x: number): number => {
      let t = x * (1 - s);
      if (t < -1) t = -1; // numerical guard, as in the reference implementation
      return Math.exp(log1pOverX(t) * x);
    };
    const hIntegralX1 = hIntegral(1.5) - 1;
    const hIntegralN = hIntegral(n + 0.5);
    const squeeze = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
    return () => {
      for (;;) {
        const u = hIntegralN + this.float() * (hIntegralX1 - hIntegralN);
        const x = hIntegralInverse(u);
        let k = Math.floor(x + 0.5);
        if (k < 1) k = 1;
        else if (k > n) k = n;
        if (k - x <= squeeze || u >= hIntegral(k + 0.5) - h(k)) return k - 1;
      }
    };
  }

  /** The internal state, to save and later restore with {@link Random.fromState}. */
  toJSON(): { state: [number, number, number, number] } {
    return { state: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0] };
  }

  private jump(): void {
    const jumpWords = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (const word of jumpWords) {
      for (let bit = 0; bit < 32; bit++) {
        if ((word >>> bit) & 1) {
          a ^= this.s0;
          b ^= this.s1;
          c ^= this.s2;
          d ^= this.s3;
        }
        this.next();
      }
    }
    this.s0 = a;
    this.s1 = b;
    this.s2 = c;
    this.s3 = d;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function checkPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`Invalid ${name}: expected a finite number > 0, received ${String(value)}`);
  }
}

function log1pOverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

function expm1OverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}
