// The four rate limiters, each allowing 10 per second, facing the same traffic: a burst of 30 at
// t=0.95s, then a steady 20 per second. Counts of admitted requests per 100 ms show their shapes.
import { ManualRuntime } from 'pacelc/runtime';
import { fixedWindow, leakyBucket, type RateLimiter, slidingWindow, tokenBucket } from 'pacelc/resilience';

export async function main(): Promise<string[]> {
  const runtime = new ManualRuntime();
  const limiters: Record<string, RateLimiter> = {
    'token bucket  ': tokenBucket({ runtime, capacity: 10, refillPerSecond: 10 }),
    'leaky bucket  ': leakyBucket({ runtime, ratePerSecond: 10, burst: 2 }),
    'fixed window  ': fixedWindow({ runtime, limit: 10, windowMs: 1_000 }),
    'sliding window': slidingWindow({ runtime, limit: 10, windowMs: 1_000 }),
  };
  const admitted: Record<string, number[]> = Object.fromEntries(Object.keys(limiters).map((name) => [name, new Array<number>(20).fill(0)]));
  const arrivals: number[] = [];
  for (let i = 0; i < 30; i++) arrivals.push(950);
  for (let t = 1_000; t < 2_000; t += 50) arrivals.push(t);
  for (const atMs of arrivals) {
    await runtime.advanceTo(atMs);
    for (const [name, limiter] of Object.entries(limiters)) {
      const decision = await limiter.tryAcquire();
      const counts = admitted[name] as number[];
      const slot = Math.floor(atMs / 100);
      if (decision.allowed) counts[slot] = (counts[slot] ?? 0) + 1;
    }
  }
  const lines = ['admitted per 100 ms, t = 0.9s .. 2.0s:'];
  for (const [name, counts] of Object.entries(admitted)) {
    const shown = counts.slice(9);
    lines.push(`${name} ${shown.map((count) => String(count).padStart(2)).join(' ')}  total ${shown.reduce((a, b) => a + b, 0)}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
