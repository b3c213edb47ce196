import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from './random.js';

const DRAWS = 200_000;

describe('Random', () => {
  it('matches the xoshiro128** reference outputs for state [1, 2, 3, 4]', () => {
    const random = Random.fromState([1, 2, 3, 4]);
    expect([random.next(), random.next(), random.next(), random.next(), random.next()]).toEqual([
      11520, 0, 5927040, 70819200, 2031721883,
    ]);
  });

  it('gives golden values for seed 42 (the same on every machine)', () => {
    const random = new Random(42);
    expect([random.next(), random.next(), random.next()]).toEqual([660444221, 3652823732, 77672526]);
    expect([random.int(10), random.int(10), random.int(1000)]).toEqual([2, 5, 881]);
    expect(random.float()).toBe(0.7272476959257951);
  });

  it('is reproducible: same seed, same sequence; different seeds, different sequences', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const a = new Random(seed);
        const b = new Random(seed);
        const c = new Random(seed + 1);
        const drawsA = Array.from({ length: 8 }, () => a.next());
        expect(Array.from({ length: 8 }, () => b.next())).toEqual(drawsA);
        expect(Array.from({ length: 8 }, () => c.next())).not.toEqual(drawsA);
      }),
    );
  });

  it('restores from toJSON exactly', () => {
    const random = new Random(9);
    random.next();
    const copy = Random.fromState(random.toJSON().state);
    expect(Array.from({ length: 5 }, () => copy.next())).toEqual(Array.from({ length: 5 }, () => random.next()));
  });

  it('int(n) stays in range for any n up to 2^32 and is uniform (chi-square, 10 bins)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 }), fc.nat(), (n, seed) => {
        const random = new Random(seed);
        for (let i = 0; i < 20; i++) {
          const value = random.int(n);
          expect(Number.isInteger(value) && value >= 0 && value < n).toBe(true);
        }
      }),
    );
    const random = new Random(1);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < DRAWS; i++) counts[random.int(10)]! += 1;
    const expected = DRAWS / 10;
    const chiSquare = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.88); // p = 0.001 for 9 degrees of freedom
  });

  it('int(n) is unbiased for a large n that a modulo would skew', () => {
    // n = 3·2^30: x mod n would put values below 2^30 at twice the rate of the rest.
    const random = new Random(3);
    const n = 3 * 2 ** 30;
    let low = 0;
    for (let i = 0; i < DRAWS; i++) if (random.int(n) < 2 ** 30) low++;
    expect(Math.abs(low / DRAWS - 1 / 3)).toBeLessThan(0.01);
  });

  it('float() is in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = new Random(2);
    const { mean, variance, min, max } = moments(() => random.float());
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('exponential(mean) has that mean and standard deviation', () => {
    const random = new Random(4);
    const { mean, variance } = moments(() => random.exponential(20));
    expect(Math.abs(mean - 20) / 20).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(variance) - 20) / 20).toBeLessThan(0.03);
  });

  it('normal(mean, sd) has that mean and sd, and 68% within one sd', () => {
    const random = new Random(5);
    const samples = Array.from({ length: DRAWS }, () => random.normal(100, 15));
    const { mean, variance } = moments(samples);
    expect(Math.abs(mean - 100)).toBeLessThan(0.2);
    expect(Math.abs(Math.sqrt(variance) - 15)).toBeLessThan(0.2);
    const within = samples.filter((x) => Math.abs(x - 100) <= 15).length / DRAWS;
    expect(Math.abs(within - 0.6827)).toBeLessThan(0.01);
  });

  it('lognormal(mu, sigma) has median e^mu and mean e^(mu + sigma²/2)', () => {
    const random = new Random(6);
    const samples = Array.from({ length: DRAWS }, () => random.lognormal(Math.log(10), 0.5)).sort((a, b) => a - b);
    expect(Math.abs((samples[DRAWS / 2] as number) - 10) / 10).toBeLessThan(0.02);
    expect(Math.abs(moments(samples).mean - Math.exp(Math.log(10) + 0.125)) / 11.33).toBeLessThan(0.02);
  });

  it('zipf(n, s) gives rank k with probability (k+1)^-s / H(n, s)', () => {
    for (const s of [0.5, 1, 1.2, 2]) {
      const n = 100;
      const random = new Random(7);
      const next = random.zipfSampler(n, s);
      const counts = new Array<number>(n).fill(0);
      for (let i = 0; i < DRAWS; i++) counts[next()]! += 1;
      let harmonic = 0;
      for (let k = 1; k <= n; k++) harmonic += k ** -s;
      for (const rank of [0, 1, 9]) {
        const expected = (rank + 1) ** -s / harmonic;
        expect(Math.abs((counts[rank] as number) / DRAWS - expected)).toBeLessThan(0.01);
      }
      expect(counts.every((count, rank) => rank < n && count >= 0)).toBe(true);
    }
  });

  it('fork() gives an independent, reproducible stream', () => {
    const parent = new Random(8);
    const child = parent.fork();
    const again = new Random(8).fork();
    const childDraws = Array.from({ length: 1000 }, () => child.float());
    expect(Array.from({ length: 1000 }, () => again.float())).toEqual(childDraws);
    const parentDraws = Array.from({ length: 1000 }, () => parent.float());
    expect(Math.abs(correlation(childDraws, parentDraws))).toBeLessThan(0.1);
  });

  it('pick and shuffle use every element; shuffle is a permutation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.nat(), (items, seed) => {
        const shuffled = new Random(seed).shuffle([...items]);
        expect([...shuffled].sort()).toEqual([...items].sort());
      }),
    );
    const random = new Random(10);
    const seen = new Set(Array.from({ length: 200 }, () => random.pick(['a', 'b', 'c', 'd'])));
    expect(seen.size).toBe(4);
  });

  it('rejects bad arguments with a RangeError naming them', () => {
    expect(() => new Random(-1)).toThrow(/Invalid seed.*-1/);
    expect(() => new Random(1.5)).toThrow(RangeError);
    expect(() => new Random(0).int(0)).toThrow(/Invalid n/);
    expect(() => new Random(0).exponential(0)).toThrow(/Invalid mean/);
    expect(() => new Random(0).pick([])).toThrow(/empty/);
    expect(() => Random.fromState([0, 0, 0, 0])).toThrow(/zero/);
    expect(() => new Random(0).zipfSampler(10, 0)).toThrow(/Invalid s/);
  });
});

function moments(source: (() => number) | readonly number[]): { mean: number; variance: number; min: number; max: number } {
  const samples = typeof source === 'function' ? Array.from({ length: DRAWS }, source) : source;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of samples) {
    sum += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = sum / samples.length;
  const variance = samples.reduce((total, x) => total + (x - mean) ** 2, 0) / (samples.length - 1);
  return { mean, variance, min, max };
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = moments(a);
  const mb = moments(b);
  let covariance = 0;
  for (let i = 0; i < a.length; i++) covariance += ((a[i] as number) - ma.mean) * ((b[i] as number) - mb.mean);
  return covariance / (a.length - 1) / Math.sqrt(ma.variance * mb.variance);
}
