// Tail latency: 1 call in 20 hits a slow replica (1 s instead of ~10 ms). Hedging after the 95th
// percentile of observed latency sends a second request for the slow ones only, and the p99 drops.
import { ManualRuntime } from 'pacelc/runtime';
import { hedging, retryBudget } from 'pacelc/resilience';

async function run(hedge: boolean): Promise<{ p50: number; p99: number; requests: number }> {
  const runtime = new ManualRuntime({ seed: 11 });
  const policy = hedging({ runtime, percentile: 0.95, delayMs: 50, maxHedges: 1, budget: retryBudget({ ratio: 0.1, minRetriesPerSecond: 0 }) });
  let requests = 0;
  const replica = async (signal: AbortSignal) => {
    requests++;
    const latencyMs = runtime.random.chance(0.05) ? 1_000 : 8 + runtime.random.int(5);
    await runtime.sleep(latencyMs, signal);
    return latencyMs;
  };
  const latencies: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const startedMs = runtime.clock.monotonicMs();
    const call = hedge ? policy.execute(({ signal }) => replica(signal)) : replica(new AbortController().signal);
    await runtime.runAll();
    await call;
    latencies.push(runtime.clock.monotonicMs() - startedMs);
  }
  latencies.sort((a, b) => a - b);
  return { p50: latencies[1_000] as number, p99: latencies[1_980] as number, requests };
}

export async function main(): Promise<string[]> {
  const plain = await run(false);
  const hedged = await run(true);
  return [
    `without hedging: p50 ${plain.p50} ms, p99 ${plain.p99} ms, ${plain.requests} requests`,
    `with hedging:    p50 ${hedged.p50} ms, p99 ${hedged.p99} ms, ${hedged.requests} requests`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
