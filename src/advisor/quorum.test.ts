import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../runtime/random.js';
import {
  analyzeQuorum,
  atLeastKOf,
  atLeastKOfN,
  estimateQuorumLatency,
  inverseStandardNormal,
  lognormalLatency,
  orderStatisticQuantileMs,
  ordinal,
  placedOrderStatisticQuantileMs,
  standardNormalCdf,
} from './quorum.js';

/** Every subset of {0..n-1} of the given size, as bit masks. */
function subsetsOfSize(n: number, size: number): number[] {
  const masks: number[] = [];
  for (let mask = 0; mask < 1 << n; mask += 1) if (popcount(mask) === size) masks.push(mask);
  return masks;
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count += 1;
  return count;
}

/** Whether every quorum of one size meets every quorum of the other, by enumeration. */
function everyPairIntersects(n: number, a: number, b: number): boolean {
  const left = subsetsOfSize(n, a);
  const right = subsetsOfSize(n, b);
  return left.every((x) => right.every((y) => (x & y) !== 0));
}

/** The fewest replicas two quorums of these sizes can share, by enumeration. */
function minimumIntersection(n: number, a: number, b: number): number {
  let minimum = n;
  for (const x of subsetsOfSize(n, a)) for (const y of subsetsOfSize(n, b)) minimum = Math.min(minimum, popcount(x & y));
  return minimum;
}

/**
 * Failures tolerated, by the definition: the largest f such that for EVERY set of f crashed
 * replicas some quorum of size k is still entirely alive, found by enumerating failure sets and
 * quorums.
 */
function failuresTolerated(n: number, k: number): number {
  const quorums = subsetsOfSize(n, k);
  let tolerated = -1;
  for (let f = 0; f <= n; f += 1) {
    const survivesEvery = subsetsOfSize(n, f).every((down) => quorums.some((quorum) => (quorum & down) === 0));
    if (!survivesEvery) break;
    tolerated = f;
  }
  return tolerated;
}

describe('analyzeQuorum against the definitions, for every N ≤ 9 and W, R ≤ N', () => {
  const cases: { n: number; w: number; r: number }[] = [];
  for (let n = 1; n <= 9; n += 1) for (let w = 1; w <= n; w += 1) for (let r = 1; r <= n; r += 1) cases.push({ n, w, r });

  it(`checks all ${cases.length} configurations by enumerating every read and write quorum`, () => {
    const intersects = new Map<string, boolean>();
    const minimum = new Map<string, number>();
    const key = (n: number, a: number, b: number): string => `${n}:${a}:${b}`;
    const cachedIntersects = (n: number, a: number, b: number): boolean => {
      const k = key(n, a, b);
      if (!intersects.has(k)) intersects.set(k, everyPairIntersects(n, a, b));
      return intersects.get(k) as boolean;
    };
    const cachedMinimum = (n: number, a: number, b: number): number => {
      const k = key(n, a, b);
      if (!minimum.has(k)) minimum.set(k, minimumIntersection(n, a, b));
      return minimum.get(k) as number;
    };
    for (const { n, w, r } of cases) {
      const analysis = analyzeQuorum({ n, w, r });
      const label = `N=${n} W=${w} R=${r}`;
      expect(analysis.readWriteOverlap, label).toBe(cachedIntersects(n, w, r));
      expect(analysis.writeWriteOverlap, label).toBe(cachedIntersects(n, w, w));
      expect(analysis.readWriteOverlapMinimum, label).toBe(cachedMinimum(n, w, r));
      expect(analysis.writeWriteOverlapMinimum, label).toBe(cachedMinimum(n, w, w));
      expect(analysis.writeFailuresTolerated, label).toBe(failuresTolerated(n, w));
      expect(analysis.readFailuresTolerated, label).toBe(failuresTolerated(n, r));
      expect(analysis.failuresToleratedByBoth, label).toBe(Math.min(failuresTolerated(n, w), failuresTolerated(n, r)));
      expect(analysis.writeWait).toMatchObject({ fastest: w, of: n, coordinatorIsReplica: { fastest: w - 1, of: n - 1 } });
      expect(analysis.readWait).toMatchObject({ fastest: r, of: n, coordinatorIsReplica: { fastest: r - 1, of: n - 1 } });
    }
  });

  it('gives linearizable only with overlap, strict quorums and write-back; regular with overlap alone; nothing otherwise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.nat(), fc.nat(), fc.boolean(), fc.boolean(), (n, wSeed, rSeed, sloppy, writeBackOnRead) => {
        const w = 1 + (wSeed % n);
        const r = 1 + (rSeed % n);
        const analysis = analyzeQuorum({ n, w, r, sloppy, writeBackOnRead });
        const overlap = everyPairIntersects(n, w, r);
        const expected = !overlap || sloppy ? 'none' : writeBackOnRead ? 'linearizable' : 'regular';
        expect(analysis.guarantee).toBe(expected);
        expect(analysis.deliveredModel).toBe({ none: 'eventual', regular: 'read-your-writes', linearizable: 'linearizable' }[expected]);
        if (expected !== 'linearizable') expect(analysis.caveats.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the seed's Quorum Configurations table, row by row", () => {
  // | Configuration | W | R | N | Consistency (as the table claims) |
  const rows = [
    { name: 'Strong', w: 3, r: 3, n: 5, claims: 'Strong', overlap: true, writesMeet: true },
    { name: 'Balanced', w: 3, r: 2, n: 5, claims: 'Strong', overlap: false, writesMeet: true },
    { name: 'Write-heavy', w: 2, r: 3, n: 5, claims: 'Strong', overlap: false, writesMeet: false },
    { name: 'Read-heavy', w: 3, r: 1, n: 5, claims: 'Eventual', overlap: false, writesMeet: true },
    { name: 'Max Avail', w: 1, r: 1, n: 5, claims: 'Eventual', overlap: false, writesMeet: false },
  ];

  it.each(rows)('$name: W=$w R=$r N=$n', ({ w, r, n, claims, overlap, writesMeet }) => {
    const analysis = analyzeQuorum({ n, w, r });
    expect(analysis.readWriteOverlap).toBe(overlap);
    expect(analysis.writeWriteOverlap).toBe(writesMeet);
    // Where the table says "Strong", only the first row overlaps, and even it is regular, not linearizable.
    if (claims === 'Strong') expect(analysis.guarantee).toBe(overlap ? 'regular' : 'none');
    else expect(analysis.guarantee).toBe('none');
  });

  it('Balanced (W=3 R=2 N=5) is wrong in the table: 3 + 2 = 5 is not > 5', () => {
    const analysis = analyzeQuorum({ n: 5, w: 3, r: 2 });
    expect(analysis.summary).toContain('W + R = 3 + 2 = 5 ≤ N = 5');
    expect(analysis.caveats[0]).toContain('raise R to 3 (or W to 4)');
    expect(analysis.readWriteOverlapMinimum).toBe(0);
  });

  it('Strong (W=3 R=3 N=5) becomes linearizable only with write-back on reads, and not when sloppy', () => {
    expect(analyzeQuorum({ n: 5, w: 3, r: 3, writeBackOnRead: true }).guarantee).toBe('linearizable');
    const sloppy = analyzeQuorum({ n: 5, w: 3, r: 3, writeBackOnRead: true, sloppy: true });
    expect(sloppy.guarantee).toBe('none');
    expect(sloppy.caveats.join(' ')).toMatch(/hinted handoff/);
  });
});

describe('analyzeQuorum details', () => {
  it('describes the order statistic each operation waits for', () => {
    const analysis = analyzeQuorum({ n: 5, w: 3, r: 1 });
    expect(analysis.writeWait.description).toBe('the 3rd fastest of 5 replicas (the median)');
    expect(analysis.readWait.description).toBe('the fastest of 5 replicas');
    expect(analyzeQuorum({ n: 3, w: 3, r: 2 }).writeWait.description).toBe('the slowest of 3 replicas');
    expect(analyzeQuorum({ n: 1, w: 1, r: 1 }).writeWait.description).toBe('the only replica');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
  });

  it('warns about 2W ≤ N, W = N, R = N and W = 1', () => {
    expect(analyzeQuorum({ n: 4, w: 2, r: 3 }).caveats.join('\n')).toMatch(/2W = 4 ≤ N = 4/);
    expect(analyzeQuorum({ n: 3, w: 3, r: 1 }).caveats.join('\n')).toMatch(/W = N: a single replica down blocks every write/);
    expect(analyzeQuorum({ n: 3, w: 1, r: 3 }).caveats.join('\n')).toMatch(/R = N[\s\S]*W = 1/);
  });

  it('rejects bad values with a RangeError naming the option', () => {
    expect(() => analyzeQuorum({ n: 0, w: 1, r: 1 })).toThrow(/Invalid option n: expected a whole number of replicas from 1 to 1000, received 0/);
    expect(() => analyzeQuorum({ n: 3.5, w: 1, r: 1 })).toThrow(/option n/);
    expect(() => analyzeQuorum({ n: Number.NaN, w: 1, r: 1 })).toThrow(/option n/);
    expect(() => analyzeQuorum({ n: 3, w: 4, r: 1 })).toThrow(/Invalid option w: expected a whole number of write acknowledgements from 1 to n \(3\), received 4/);
    expect(() => analyzeQuorum({ n: 3, w: 0, r: 1 })).toThrow(/option w/);
    expect(() => analyzeQuorum({ n: 3, w: 2, r: 0 })).toThrow(/option r/);
    expect(() => analyzeQuorum({ n: 3, w: 2, r: 2.5 })).toThrow(/option r/);
    expect(() => analyzeQuorum({ n: 3, w: 2, r: 2, sloppy: 'yes' as unknown as boolean })).toThrow(/option sloppy/);
    expect(() => analyzeQuorum({ n: 3, w: 2, r: 2 })).not.toThrow();
  });
});

describe('quorum latency', () => {
  it('inverts the standard normal', () => {
    expect(inverseStandardNormal(0.5)).toBeCloseTo(0, 9);
    expect(inverseStandardNormal(0.975)).toBeCloseTo(1.959964, 5);
    expect(inverseStandardNormal(0.99)).toBeCloseTo(2.326348, 5);
    expect(inverseStandardNormal(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it('computes binomial tails that match the closed forms', () => {
    // k-th fastest of n: P(min ≤ x) = 1 − (1 − p)^n, P(max ≤ x) = p^n.
    for (const p of [0.01, 0.3, 0.5, 0.9, 0.999]) {
      expect(atLeastKOfN(1, 5, p)).toBeCloseTo(1 - (1 - p) ** 5, 12);
      expect(atLeastKOfN(5, 5, p)).toBeCloseTo(p ** 5, 12);
      expect(atLeastKOfN(0, 5, p)).toBe(1);
    }
    expect(atLeastKOfN(500, 1000, 0.5)).toBeGreaterThan(0.5);
    expect(atLeastKOfN(999, 1000, 1 - 1e-12)).toBeCloseTo(1, 9);
  });

  it('fits a lognormal to a median and a p99', () => {
    const replica = lognormalLatency({ medianMs: 2, p99Ms: 40 });
    expect(replica.quantileMs(0.5)).toBeCloseTo(2, 9);
    expect(replica.quantileMs(0.99)).toBeCloseTo(40, 6);
    expect(() => lognormalLatency({ medianMs: 5, p99Ms: 5 })).toThrow(/p99Ms/);
    expect(() => lognormalLatency({ medianMs: 0, p99Ms: 5 })).toThrow(/medianMs/);
  });

  it('matches a seeded Monte Carlo simulation of the k-th fastest of n', () => {
    const medianMs = 2;
    const p99Ms = 40;
    const distribution = lognormalLatency({ medianMs, p99Ms });
    const sigma = Math.log(p99Ms / medianMs) / inverseStandardNormal(0.99);
    const random = new Random(42);
    const trials = 40_000;
    for (const [k, n] of [[1, 3], [2, 3], [3, 5], [5, 5]] as const) {
      const samples: number[] = [];
      for (let t = 0; t < trials; t += 1) {
        const responses = Array.from({ length: n }, () => random.lognormal(Math.log(medianMs), sigma)).sort((a, b) => a - b);
        samples.push(responses[k - 1] as number);
      }
      samples.sort((a, b) => a - b);
      for (const q of [0.5, 0.99]) {
        const simulated = samples[Math.floor(q * trials)] as number;
        const exact = orderStatisticQuantileMs({ k, n, q, distribution });
        expect(Math.abs(simulated - exact) / exact, `k=${k} n=${n} q=${q}`).toBeLessThan(0.08);
      }
    }
  });

  it('estimates quorum latency: waiting for fewer replicas is faster, a local replica helps', () => {
    const distribution = lognormalLatency({ medianMs: 2, p99Ms: 40 });
    const estimate = estimateQuorumLatency({ n: 5, w: 3, r: 1 }, { distribution });
    expect(estimate.read.p99Ms).toBeLessThan(estimate.write.p99Ms);
    expect(estimate.write.p99Ms).toBeLessThan(estimate.singleReplica.p99Ms);
    expect(estimate.singleReplica.p99Ms).toBeCloseTo(40, 6);
    const local = estimateQuorumLatency({ n: 5, w: 3, r: 1 }, { distribution, coordinatorIsReplica: true });
    expect(local.read).toEqual({ p50Ms: 0, p99Ms: 0, p999Ms: 0 });
    expect(local.write.p99Ms).toBeLessThan(estimate.write.p99Ms);
    expect(() => estimateQuorumLatency({ n: 3, w: 4, r: 1 }, { distribution })).toThrow(/option w/);
  });
});

describe('quorum latency across placements (one distribution per replica)', () => {
  const near = lognormalLatency({ medianMs: 1, p99Ms: 10 });
  const far = lognormalLatency({ medianMs: 70, p99Ms: 110 });

  it('computes the standard normal CDF and the Poisson-binomial tail', () => {
    expect(standardNormalCdf(0)).toBeCloseTo(0.5, 7);
    expect(standardNormalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(standardNormalCdf(-2.326348)).toBeCloseTo(0.01, 6);
    for (const x of [-3, -1, 0.3, 2]) expect(inverseStandardNormal(standardNormalCdf(x))).toBeCloseTo(x, 5);
    expect(atLeastKOf(2, [1, 0.5, 0])).toBeCloseTo(0.5, 12);
    expect(atLeastKOf(0, [0.2])).toBe(1);
    expect(atLeastKOf(3, [0.9, 0.9])).toBe(0);
    for (const p of [0.1, 0.5, 0.77]) for (const k of [1, 3, 5]) expect(atLeastKOf(k, Array(5).fill(p))).toBeCloseTo(atLeastKOfN(k, 5, p), 12);
  });

  it('agrees with the identical-replica formula when every replica is the same', () => {
    for (const [k, n] of [[1, 3], [2, 3], [3, 5], [5, 5]] as const) {
      for (const q of [0.5, 0.99]) {
        const placed = placedOrderStatisticQuantileMs({ k, replicas: Array(n).fill(far), q });
        const iid = orderStatisticQuantileMs({ k, n, q, distribution: far });
        expect(Math.abs(placed - iid) / iid, `k=${k} n=${n} q=${q}`).toBeLessThan(1e-5);
      }
    }
  });

  it('matches a seeded Monte Carlo simulation of a two-region placement', () => {
    const random = new Random(7);
    const sigma = (medianMs: number, p99Ms: number) => Math.log(p99Ms / medianMs) / inverseStandardNormal(0.99);
    const draw = [
      () => random.lognormal(Math.log(1), sigma(1, 10)),
      () => random.lognormal(Math.log(1), sigma(1, 10)),
      () => random.lognormal(Math.log(70), sigma(70, 110)),
      () => random.lognormal(Math.log(70), sigma(70, 110)),
      () => random.lognormal(Math.log(70), sigma(70, 110)),
    ];
    const trials = 40_000;
    for (const k of [2, 3]) {
      const samples: number[] = [];
      for (let t = 0; t < trials; t += 1) samples.push(draw.map((sample) => sample()).sort((a, b) => a - b)[k - 1] as number);
      samples.sort((a, b) => a - b);
      for (const q of [0.5, 0.99]) {
        const simulated = samples[Math.floor(q * trials)] as number;
        const exact = placedOrderStatisticQuantileMs({ k, replicas: [near, near, far, far, far], q });
        expect(Math.abs(simulated - exact) / exact, `k=${k} q=${q}`).toBeLessThan(0.08);
      }
    }
  });

  it('estimates a placement: a majority of 5 with 2 local replicas waits for the far region', () => {
    const replicas = [near, near, far, far, far];
    const estimate = estimateQuorumLatency({ n: 5, w: 3, r: 2 }, { replicas });
    expect(estimate.read.p50Ms).toBeLessThan(3);
    expect(estimate.write.p50Ms).toBeGreaterThan(50); // the fastest of the three far replicas
    expect(estimate.distribution).toBe('2 × lognormal, median 1 ms, p99 10 ms; 3 × lognormal, median 70 ms, p99 110 ms');
    const local = estimateQuorumLatency({ n: 5, w: 2, r: 1 }, { replicas, coordinatorIsReplica: true });
    expect(local.read).toEqual({ p50Ms: 0, p99Ms: 0, p999Ms: 0 });
    expect(local.write.p99Ms).toBeLessThan(11);
    expect(() => estimateQuorumLatency({ n: 5, w: 3, r: 2 }, { replicas: [near] })).toThrow(/one latency distribution per replica \(5\)/);
    expect(() => estimateQuorumLatency({ n: 5, w: 3, r: 2 }, {})).toThrow(/Invalid option distribution/);
    expect(() => estimateQuorumLatency({ n: 1, w: 1, r: 1 }, { replicas: [{ quantileMs: () => 1, description: 'fixed' }] })).toThrow(/cdfMs/);
  });
});
